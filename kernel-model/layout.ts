// The kernel's own description of where its tables are and how they are laid out: the
// `kmodel_layout` table (guest/kernel/kmodel.h), one 32-bit word per field, in this order.
import { KernelModelError, type PhysicalMemory } from './physical-memory.js';

export const KMODEL_MAGIC = 0x32337678; // "xv32"
export const KMODEL_VERSION = 5;

const FIELDS = [
  'magic', 'version',
  'rambase', 'usertop', 'kernel_end', 'phystop_addr', 'kernel_pagetable_addr', 'pte_cow',
  'kmem_addr', 'kmem_freelist', 'kmem_nfree', 'kmem_refcount',
  'proc_addr', 'nproc', 'proc_size',
  'proc_state', 'proc_pid', 'proc_parent', 'proc_kstack', 'proc_sz', 'proc_stack_bottom',
  'proc_vfork_parent', 'proc_seg', 'proc_nseg', 'proc_spawn_path', 'proc_spawn_argv',
  'proc_pagetable', 'proc_trapframe', 'proc_name', 'proc_name_size',
  'nseg', 'seg_size', 'maxarg',
  'state_unused', 'state_zombie',
  'file_addr', 'nfile', 'file_size', 'file_type', 'file_ref', 'file_pipe', 'fd_pipe',
  'fork_mode_addr', 'sbrk_mode_addr', 'pagetable_pages_addr',
  'nbuf', 'buf_size', 'buf_valid', 'buf_blockno', 'buf_refcnt', 'buf_locked',
  'ninode', 'inode_size', 'inode_inum', 'inode_ref', 'inode_valid', 'inode_locked',
  'pcache_addr', 'npcache', 'pcpage_size', 'pcpage_inum', 'pcpage_pa', 'pcpage_stale', 'pte_shared',
  'file_path', 'file_path_size',
  'file_ip', 'pcpage_index',
  'swap_addr', 'swap_nslots', 'swap_ref', 'swap_cached', 'frameslot_addr',
] as const;

export type KernelLayout = Record<(typeof FIELDS)[number], number>;

/** The layout table at `addr` (the kernel's `kmodel_layout` symbol). */
export function readLayout(mem: PhysicalMemory, addr: number): KernelLayout {
  const layout = {} as KernelLayout;
  FIELDS.forEach((name, i) => { layout[name] = mem.u32(addr + 4 * i); });
  if (layout.magic !== KMODEL_MAGIC) throw new KernelModelError('kmodel_layout: bad magic (not an xv32 kernel)');
  if (layout.version !== KMODEL_VERSION) {
    throw new KernelModelError(`kmodel_layout: version ${layout.version}, the model reads version ${KMODEL_VERSION}`);
  }
  return layout;
}
