// `xv32 cc FILE.c... [-o OUT] [gcc options]`: compiles and links a user program for the guest
// with Debian's cross compiler (rv32imac/ilp32, at user address 0). Two flavours:
//   xv6   the xv6 API (kernel/types.h, user/user.h, ...), linked with xv32's ulib and crt0;
//   libc  standard C through picolibc, over xv32's system calls (guest/libc).
// A program that includes user/user.h or kernel/types.h is xv6, any other is libc; --xv6 and
// --libc choose. The runtime objects are compiled once into build/cc/. Compiler messages come
// through unchanged, and its exit status is ours.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { ROOT } from './guest.js';
import { InputError, UsageError } from './usage.js';
import { describeFileError } from './file-errors.js';

const GCC = 'riscv64-unknown-elf-gcc';
const PICOLIBC = '/usr/lib/picolibc/riscv64-unknown-elf';
const INSTALL = 'apt-get install gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf picolibc-riscv64-unknown-elf';
/** The multilib that matches the guest: rv32imac/ilp32 (a -march with extensions picks a 64-bit libgcc). */
const ARCH = ['-misa-spec=2.2', '-march=rv32imac', '-mabi=ilp32'];
const COMMON = [...ARCH, '-static', '-mcmodel=medany', '-fno-pie', '-no-pie', '-nostartfiles'];
const GUEST = join(ROOT, 'guest');

type Flavour = 'xv6' | 'libc';

/** Each flavour's runtime: sources (compiled once), the flags for them and for the program, and the link script. */
const RUNTIME: Record<Flavour, { sources: string[]; flags: string[]; script: string }> = {
  xv6: {
    sources: ['user/start.S', 'user/usys.S', 'user/ulib.c', 'user/printf.c', 'user/umalloc.c', 'user/pmapself.c'],
    flags: ['-ffreestanding', '-fno-builtin', '-nostdlib', '-fno-omit-frame-pointer', '-fno-common', `-I${GUEST}`],
    script: join(GUEST, 'user/user.ld'),
  },
  libc: {
    sources: ['libc/crt0.S', 'libc/syscalls.S', 'libc/posix.c', 'libc/stdio.c', 'libc/xv32.c'],
    flags: ['--specs=picolibc.specs', `-I${join(GUEST, 'libc/include')}`, `-I${GUEST}`],
    script: join(GUEST, 'libc/xv32-libc.ld'),
  },
};

export interface CcOptions { sources: string[]; out: string; flavour?: Flavour; gccArgs: string[]; libs: string[]; debug: boolean }

export function parseCcArgs(args: string[]): CcOptions {
  const o: CcOptions = { sources: [], out: '', gccArgs: [], libs: [], debug: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-o') {
      o.out = args[++i];
      if (!o.out) throw new UsageError('-o needs a file name');
    } else if (a === '--xv6' || a === '--libc') {
      o.flavour = a === '--xv6' ? 'xv6' : 'libc';
    } else if (a === '-l' || (a.startsWith('-l') && a.length > 2)) {
      // Libraries go after the sources, where the linker looks for what they need.
      if (a === '-l' && args[i + 1] === undefined) throw new UsageError('-l needs a library name');
      o.libs.push(a === '-l' ? `-l${args[++i]}` : a);
    } else if (a === '-I' || a === '-D' || a === '-U' || a === '-include' || a === '-L') {
      if (args[i + 1] === undefined) throw new UsageError(`${a} needs a value`);
      o.gccArgs.push(a, args[++i]);
    } else if (a.startsWith('-')) {
      if (a === '-g' || a.startsWith('-g')) o.debug = true;
      o.gccArgs.push(a);
    } else {
      o.sources.push(a);
    }
  }
  if (o.sources.length === 0) throw new UsageError('cc needs a C file');
  o.out ||= basename(o.sources[0], extname(o.sources[0]));
  return o;
}

/** xv6 if a source includes the xv6 API's headers, else libc. */
function detectFlavour(sources: string[]): Flavour {
  const xv6 = /#\s*include\s*["<](user\/user\.h|kernel\/types\.h)[">]/;
  for (const s of sources) {
    if (!/\.(c|h|S)$/.test(s)) continue;
    let text: string;
    try {
      if (statSync(s).isDirectory()) throw new InputError(`${s}: is a directory, not a source file`);
      text = readFileSync(s, 'latin1');
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(describeFileError(s, e));
    }
    if (xv6.test(text)) return 'xv6';
  }
  return 'libc';
}

function checkToolchain(flavour: Flavour): void {
  const r = spawnSync(GCC, ['--version'], { stdio: 'ignore' });
  if (r.error) throw new InputError(`cc: the RISC-V cross compiler (${GCC}) is not installed; install it with: ${INSTALL}`);
  if (flavour === 'libc' && !existsSync(join(PICOLIBC, 'picolibc.specs'))) {
    throw new InputError(`cc: picolibc for the cross compiler is not installed (standard C programs need it); install it with: ${INSTALL}`);
  }
}

/** The flavour's runtime objects, compiled into build/cc/FLAVOUR/ when missing or older than their source. */
function runtimeObjects(flavour: Flavour): string[] {
  const rt = RUNTIME[flavour];
  const dir = join(ROOT, 'build/cc', flavour);
  mkdirSync(dir, { recursive: true });
  return rt.sources.map((src) => {
    const from = join(GUEST, src), obj = join(dir, basename(src).replace(/\.[cS]$/, '.o'));
    if (!existsSync(obj) || statSync(obj).mtimeMs < statSync(from).mtimeMs) {
      const r = spawnSync(GCC, [...ARCH, '-O2', '-Wall', '-Werror', '-mcmodel=medany', '-fno-pie', ...rt.flags, `-I${GUEST}`,
        '-c', '-o', obj, from], { stdio: 'inherit' });
      if (r.status !== 0) throw new InputError(`cc: could not build xv32's runtime (${src})`);
    }
    return obj;
  });
}

export async function ccCommand(args: string[]): Promise<number> {
  const o = parseCcArgs(args);
  const flavour = o.flavour ?? detectFlavour(o.sources);
  checkToolchain(flavour);
  const rt = RUNTIME[flavour];
  const objs = runtimeObjects(flavour);
  // Without -g, no symbols: the guest's disk is small. With -g, gdb finds them in OUT.
  const link = [...COMMON, ...rt.flags, ...(o.debug ? [] : ['-s']), ...o.gccArgs, '-T', rt.script, '-o', o.out,
    ...objs, ...o.sources, ...o.libs, ...(flavour === 'xv6' ? ['-lgcc'] : [])];
  const r = spawnSync(GCC, link, { stdio: 'inherit' });
  if (r.error) throw new InputError(`cc: ${r.error.message}`);
  return r.status ?? 1;
}
