#!/usr/bin/env bash
# Makes sure the RISC-V cross compiler (and QEMU, the reference machine, the host's gcc,
# gdb-multiarch and Chromium) are present.
# Installs Debian's packages when missing and we are root; otherwise says what to install.
set -euo pipefail
PKGS="gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf binutils-riscv64-unknown-elf qemu-system-misc make gcc libc6-dev gdb-multiarch chromium"
need=()
command -v riscv64-unknown-elf-gcc >/dev/null || need+=(gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf)
[ -d /usr/lib/picolibc/riscv64-unknown-elf ] || dpkg -s picolibc-riscv64-unknown-elf >/dev/null 2>&1 || need+=(picolibc-riscv64-unknown-elf)
command -v qemu-system-riscv32 >/dev/null || need+=(qemu-system-misc)
command -v make >/dev/null || need+=(make)
# The host's own C compiler: a test builds a program for Linux and for xv32 and compares them.
{ command -v gcc >/dev/null && [ -f /usr/include/stdio.h ]; } || need+=(gcc libc6-dev)
# gdb for RISC-V: a test debugs a guest program through xv32's gdb stub.
command -v gdb-multiarch >/dev/null || need+=(gdb-multiarch)
# Debian's Chromium: the browser page's tests drive it with playwright-core (no browser download).
[ -x /usr/bin/chromium ] || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "xv32: installing ${need[*]} with apt-get (needed to build the guest and the tests)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "xv32: the tests need Debian's packages: ${need[*]}" >&2
  echo "      install them with:  sudo apt-get install $PKGS" >&2
  exit 1
fi
