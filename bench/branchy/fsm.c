// A state machine over text: a tokenizer that classifies identifiers, numbers, operators,
// strings and comments in generated source text, a switch on the state at every character.
#include "../programs/_rt.h"
#define LEN 16384
static char text[LEN];

enum state { START, IDENT, NUMBER, STRING, SLASH, COMMENT };

int main(void) {
  static const char pieces[][8] = { "int ", "x1", " = ", "42", "; ", "\"ab\"", "/*c*/", "+", "foo", "(", ")", "\n", "0x1f", "//z\n" };
  uint32_t seed = 11;
  int n = 0;
  while (n < LEN - 8) {
    const char *p = pieces[lcg(&seed) % (sizeof pieces / sizeof pieces[0])];
    while (*p && n < LEN - 1) text[n++] = *p++;
  }
  text[n] = 0;
  uint32_t counts[6] = { 0 }, sum = 0;
  for (int round = 0; round < 60 * SCALE; round++) {
    enum state s = START;
    for (int i = 0; i < n; i++) {
      char c = text[i];
      switch (s) {
        case START:
          if ((c >= 'a' && c <= 'z') || c == '_') s = IDENT;
          else if (c >= '0' && c <= '9') s = NUMBER;
          else if (c == '"') s = STRING;
          else if (c == '/') s = SLASH;
          else if (c != ' ' && c != '\n') counts[0]++; /* an operator */
          break;
        case IDENT:
          if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) { counts[1]++; s = START; i--; }
          break;
        case NUMBER:
          if (!((c >= '0' && c <= '9') || c == 'x' || (c >= 'a' && c <= 'f'))) { counts[2]++; s = START; i--; }
          break;
        case STRING:
          if (c == '"') { counts[3]++; s = START; }
          break;
        case SLASH:
          if (c == '*') s = COMMENT;
          else if (c == '/') { while (i < n && text[i] != '\n') i++; counts[4]++; s = START; }
          else { counts[0]++; s = START; i--; }
          break;
        case COMMENT:
          if (c == '/' && text[i - 1] == '*') { counts[5]++; s = START; }
          break;
      }
    }
    text[round % n] = text[(round * 7) % n];
  }
  for (int i = 0; i < 6; i++) sum = sum * 131 + counts[i];
  put_str("fsm: ");
  put_hex(sum);
  put_char('\n');
  return 0;
}
