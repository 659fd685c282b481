// A standard-C program the browser test compiles with `xv32 cc` and drops on the page.
#include <stdio.h>

int main(int argc, char **argv) {
  printf("greetings from a dropped program, %d argument(s)\n", argc - 1);
  return 0;
}
