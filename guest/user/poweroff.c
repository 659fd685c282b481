#include "kernel/types.h"
#include "user/user.h"
#include "user/xv32.h"
// poweroff [CODE]: stops the machine (the host sees CODE as xv32's exit status).
int main(int argc, char **argv) {
  shutdown(argc > 1 ? atoi(argv[1]) : 0);
}
