// waitpid()'s options and lseek()'s whence, shared with user space (POSIX's values).
#ifndef XV32_WAIT_H
#define XV32_WAIT_H
#define WNOHANG 1
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif
