// Linked lists: build a list of nodes with pseudo-random keys, keep it sorted by insertion, look
// keys up, reverse it and walk it: pointer chasing and a branch at every node.
#include "../programs/_rt.h"
#define NODES 600
struct node { uint32_t key; struct node *next; };
static struct node pool[NODES];

static struct node *insert_sorted(struct node *head, struct node *n) {
  if (!head || n->key < head->key) { n->next = head; return n; }
  struct node *p = head;
  while (p->next && p->next->key <= n->key) p = p->next;
  n->next = p->next;
  p->next = n;
  return head;
}

static int find(const struct node *head, uint32_t key) {
  for (int i = 0; head; head = head->next, i++) {
    if (head->key == key) return i;
    if (head->key > key) return -1;
  }
  return -1;
}

static struct node *reverse(struct node *head) {
  struct node *prev = 0;
  while (head) { struct node *next = head->next; head->next = prev; prev = head; head = next; }
  return prev;
}

int main(void) {
  uint32_t seed = 7, sum = 0;
  for (int round = 0; round < 12 * SCALE; round++) {
    struct node *head = 0;
    for (int i = 0; i < NODES; i++) {
      pool[i].key = lcg(&seed) >> 20;
      head = insert_sorted(head, &pool[i]);
    }
    for (int i = 0; i < NODES; i += 3) sum += (uint32_t)find(head, pool[i].key) + (uint32_t)find(head, i * 7);
    head = reverse(head);
    for (const struct node *p = head; p; p = p->next) sum = sum * 31 + p->key;
  }
  put_str("list: ");
  put_hex(sum);
  put_char('\n');
  return 0;
}
