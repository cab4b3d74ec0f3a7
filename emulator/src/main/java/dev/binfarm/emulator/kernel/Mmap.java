package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.mem.Backing;
import dev.binfarm.emulator.mem.GuestMemory;
import dev.binfarm.emulator.vfs.FileMapping;
import dev.binfarm.emulator.vfs.OpenFile;

/** Memory syscalls: brk, mmap, munmap, mprotect, mremap, madvise, mincore. */
final class Mmap {
    private Mmap() { }

    static final int MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_SHARED_VALIDATE = 3, MAP_TYPE = 0xf;
    static final int MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20, MAP_FIXED_NOREPLACE = 0x100000;
    static final int MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2;
    /** Linux's default vm.mmap_min_addr. */
    static final long MMAP_MIN = 0x10000;
    /** Largest single mapping we accept (address space, not memory: pages are lazy). */
    static final long MAX_LEN = 1L << 45;
    static final long PAGE = GuestMemory.PAGE_SIZE;
    static final long MAX_HEAP = 1L << 36;

    static long brk(Kernel k, long addr) {
        if (addr < k.brkStart || addr - k.brkStart > MAX_HEAP) return k.brk;
        long oldEnd = GuestMemory.roundUp(k.brk);
        long newEnd = GuestMemory.roundUp(addr);
        if (newEnd > oldEnd) {
            if (!free(k.mem, oldEnd, newEnd - oldEnd)) return k.brk;
            k.mem.map(oldEnd, newEnd - oldEnd, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, Backing.ZERO, 0, "[heap]");
        } else if (newEnd < oldEnd) {
            k.mem.unmap(newEnd, oldEnd - newEnd);
        }
        k.brk = addr;
        return addr;
    }

    static long mmap(Kernel k, long addr, long len, long prot, long flags, long fd, long offset) {
        if (len <= 0 || len > MAX_LEN) throw new ErrnoException(len == 0 ? Errno.EINVAL : Errno.ENOMEM);
        if ((offset & (PAGE - 1)) != 0) throw new ErrnoException(Errno.EINVAL);
        int type = (int) (flags & MAP_TYPE);
        if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE) throw new ErrnoException(Errno.EINVAL);
        long size = GuestMemory.roundUp(len);
        boolean anonymous = (flags & MAP_ANONYMOUS) != 0;
        Backing backing = Backing.ZERO;
        long backingOffset = 0;
        String name = "";
        if (!anonymous) {
            OpenFile f = k.fds.get(fd);
            if ((f.flags & OpenFile.O_PATH) != 0) throw new ErrnoException(Errno.EBADF);
            if (!f.readable()) throw new ErrnoException(Errno.EACCES);
            boolean shared = type != MAP_PRIVATE;
            if (shared && (prot & GuestMemory.PROT_WRITE) != 0 && !f.writable()) throw new ErrnoException(Errno.EACCES);
            if (offset < 0) throw new ErrnoException(Errno.EINVAL);
            FileMapping live = shared ? f.sharedMapping() : null;
            if (live != null) {
                // The file's page cache: every mapping of a page shares its bytes, written back into the file.
                backing = live;
                backingOffset = offset;
            } else {
                // Rootfs files are copied up before anyone may write them, so a snapshot is what they
                // stay; /dev/zero is anonymous memory; pipes and terminals cannot be mapped (ENODEV).
                backing = f.backing(offset);
            }
            k.keepMapped(f);
            name = f.path;
        }
        long at = place(k, addr, size, flags);
        k.mem.map(at, size, (int) (prot & 7), backing, backingOffset, name);
        return at;
    }

    private static long place(Kernel k, long addr, long size, long flags) {
        boolean fixed = (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0;
        if (fixed) {
            if ((addr & (PAGE - 1)) != 0) throw new ErrnoException(Errno.EINVAL);
            // The guest is root (with CAP_SYS_RAWIO), so vm.mmap_min_addr does not apply to it, as natively.
            if (addr < 0 || addr > GuestMemory.ADDRESS_LIMIT - size) throw new ErrnoException(Errno.ENOMEM);
            if ((flags & MAP_FIXED_NOREPLACE) != 0 && (flags & MAP_FIXED) == 0 && !free(k.mem, addr, size))
                throw new ErrnoException(Errno.EEXIST);
            return addr;
        }
        long hint = addr & ~(PAGE - 1);
        if (hint >= MMAP_MIN && hint <= k.mmapTop - size && free(k.mem, hint, size)) return hint;
        long at = k.mem.findFree(size, k.mmapTop, MMAP_MIN);
        if (at < 0) throw new ErrnoException(Errno.ENOMEM);
        return at;
    }

    /** True when no mapping overlaps [addr, addr+len). */
    static boolean free(GuestMemory mem, long addr, long len) {
        if (addr < 0 || len < 0 || addr > GuestMemory.ADDRESS_LIMIT - len) return false;
        for (GuestMemory.Mapping m : mem.mappings()) {
            if (m.start() < addr + len && m.end() > addr) return false;
        }
        return true;
    }

    /** [addr, addr+len) must be page aligned at the start and inside the user address space. */
    static void checkRange(long addr, long len) {
        if ((addr & (PAGE - 1)) != 0 || addr < 0 || len < 0 || len > GuestMemory.ADDRESS_LIMIT
                || addr > GuestMemory.ADDRESS_LIMIT - GuestMemory.roundUp(len))
            throw new ErrnoException(Errno.EINVAL);
    }

    static long munmap(Kernel k, long addr, long len) {
        if (len == 0) throw new ErrnoException(Errno.EINVAL);
        checkRange(addr, len);
        k.mem.unmap(addr, GuestMemory.roundUp(len));
        return 0;
    }

    static long mprotect(Kernel k, long addr, long len, long prot) {
        if ((addr & (PAGE - 1)) != 0 || len < 0 || addr < 0) throw new ErrnoException(Errno.EINVAL);
        if (len > GuestMemory.ADDRESS_LIMIT || addr > GuestMemory.ADDRESS_LIMIT - GuestMemory.roundUp(len))
            throw new ErrnoException(Errno.ENOMEM);
        if ((prot & ~(7L | 0x01000000L | 0x02000000L)) != 0) throw new ErrnoException(Errno.EINVAL);
        if (len == 0) return 0;
        if (addr + len > GuestMemory.ADDRESS_LIMIT || !k.mem.protect(addr, GuestMemory.roundUp(len), (int) (prot & 7)))
            throw new ErrnoException(Errno.ENOMEM);
        return 0;
    }

    static long mremap(Kernel k, long old, long oldLen, long newLen, long flags, long newAddr) {
        // MREMAP_DONTUNMAP (4) is not implemented: EINVAL, as a kernel before 5.7 answers.
        if ((old & (PAGE - 1)) != 0 || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) != 0)
            throw new ErrnoException(Errno.EINVAL);
        if (newLen <= 0 || newLen > MAX_LEN || oldLen < 0) throw new ErrnoException(Errno.EINVAL);
        checkRange(old, oldLen);
        boolean fixed = (flags & MREMAP_FIXED) != 0;
        if (fixed && (flags & MREMAP_MAYMOVE) == 0) throw new ErrnoException(Errno.EINVAL);
        long oldSize = GuestMemory.roundUp(oldLen), newSize = GuestMemory.roundUp(newLen);
        if (fixed) {
            if ((newAddr & (PAGE - 1)) != 0 || newAddr < 0 || newAddr > GuestMemory.ADDRESS_LIMIT - newSize)
                throw new ErrnoException(Errno.EINVAL);
            // The old and the new range must not overlap.
            if (newAddr < old + Math.max(oldSize, PAGE) && old < newAddr + newSize) throw new ErrnoException(Errno.EINVAL);
        }
        GuestMemory.Mapping m = k.mem.mappingAt(old);
        if (m == null || !k.mem.isMapped(old, Math.max(oldSize, PAGE))) throw new ErrnoException(Errno.EFAULT);
        if (fixed) {
            // Whatever is at the target goes first (as mmap MAP_FIXED would), then the pages move there.
            k.mem.unmap(newAddr, newSize);
            return move(k, m, old, oldSize, newAddr, newSize);
        }
        if (newSize <= oldSize) {
            if (newSize < oldSize) k.mem.unmap(old + newSize, oldSize - newSize);
            return old;
        }
        if (free(k.mem, old + oldSize, newSize - oldSize)) {
            // Grow in place: the new tail continues the same backing.
            k.mem.map(old + oldSize, newSize - oldSize, m.prot(), m.backing(),
                    m.backingOffset() + (old + oldSize - m.start()), m.name());
            return old;
        }
        if ((flags & MREMAP_MAYMOVE) == 0) throw new ErrnoException(Errno.ENOMEM);
        long at = k.mem.findFree(newSize, k.mmapTop, MMAP_MIN);
        if (at < 0) throw new ErrnoException(Errno.ENOMEM);
        return move(k, m, old, oldSize, at, newSize);
    }

    /**
     * Moves [old, old+oldSize) of mapping {@code m} to {@code at} (free), {@code newSize} long: the
     * new range starts as the old one did (same backing); only the pages the guest touched are
     * copied; a shrinking move leaves the old tail behind too (all of the old range goes).
     */
    private static long move(Kernel k, GuestMemory.Mapping m, long old, long oldSize, long at, long newSize) {
        int rw = GuestMemory.PROT_READ | GuestMemory.PROT_WRITE;
        long keep = Math.min(oldSize, newSize);
        k.mem.map(at, newSize, rw, m.backing(), m.backingOffset() + (old - m.start()), m.name());
        if ((m.prot() & GuestMemory.PROT_READ) == 0) k.mem.protect(old, oldSize, m.prot() | GuestMemory.PROT_READ);
        byte[] page = new byte[(int) PAGE];
        for (long p = k.mem.nextResident(old, old + keep); p < old + keep; p = k.mem.nextResident(p + PAGE, old + keep)) {
            k.mem.read(p, page, 0, page.length);
            k.mem.write(at + (p - old), page, 0, page.length);
        }
        k.mem.protect(at, newSize, m.prot());
        k.mem.unmap(old, oldSize);
        return at;
    }

    static final int MS_ASYNC = 1, MS_INVALIDATE = 2, MS_SYNC = 4;

    /**
     * msync: shared file mappings already share their pages with the file's page cache, which is
     * written into the file whenever anyone looks (FileMapping), so only the arguments are checked.
     */
    static long msync(Kernel k, long addr, long len, long flags) {
        if ((flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) != 0 || (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC))
            throw new ErrnoException(Errno.EINVAL);
        checkRange(addr, len);
        if (len == 0) return 0;
        if (!k.mem.isMapped(addr, GuestMemory.roundUp(len))) throw new ErrnoException(Errno.ENOMEM);
        return 0;
    }

    static final int MADV_NORMAL = 0, MADV_RANDOM = 1, MADV_SEQUENTIAL = 2, MADV_WILLNEED = 3, MADV_DONTNEED = 4;
    static final int MADV_FREE = 8, MADV_REMOVE = 9, MADV_DONTFORK = 10, MADV_DOFORK = 11, MADV_MERGEABLE = 12;
    static final int MADV_UNMERGEABLE = 13, MADV_HUGEPAGE = 14, MADV_NOHUGEPAGE = 15, MADV_DONTDUMP = 16, MADV_DODUMP = 17;
    static final int MADV_WIPEONFORK = 18, MADV_KEEPONFORK = 19, MADV_COLD = 20, MADV_PAGEOUT = 21;
    static final int MADV_POPULATE_READ = 22, MADV_POPULATE_WRITE = 23, MADV_DONTNEED_LOCKED = 24, MADV_COLLAPSE = 25;

    /**
     * madvise with Linux 6.1's checks, in its order: the advice, the alignment, then
     * each mapping of the range (an advice a mapping cannot take is EINVAL at once;
     * a hole is ENOMEM after the mapped parts were advised, as mm/madvise.c does).
     * DONTNEED and FREE give private pages back (zero for anonymous memory, the
     * file's bytes for private file copies): the kernel may reclaim FREE pages at any
     * moment, and doing it at once keeps runs deterministic and the heap small.
     * Hints about huge pages, LRU, fork, dumps and KSM have nothing to act on here.
     */
    static long madvise(Kernel k, long addr, long len, long advice) {
        if (!validAdvice(advice)) throw new ErrnoException(Errno.EINVAL);
        if ((addr & (PAGE - 1)) != 0 || len < 0) throw new ErrnoException(Errno.EINVAL);
        long size = GuestMemory.roundUp(len);
        if (addr + size < addr || addr + size > GuestMemory.ADDRESS_LIMIT) throw new ErrnoException(Errno.EINVAL);
        if (size == 0) return 0;
        int a = (int) advice;
        long end = addr + size;
        boolean hole = false;
        long at = addr;
        while (at < end) {
            GuestMemory.Mapping m = k.mem.mappingAt(at);
            if (m == null) {
                hole = true;
                at = nextMapping(k.mem, at, end);
                continue;
            }
            long stop = Math.min(m.end(), end);
            boolean anonymous = m.backing() == Backing.ZERO;
            switch (a) {
                case MADV_DONTNEED, MADV_DONTNEED_LOCKED, MADV_FREE -> {
                    if (a == MADV_FREE && !anonymous) throw new ErrnoException(Errno.EINVAL);
                    k.mem.map(at, stop - at, m.prot(), m.backing(), m.backingOffset() + (at - m.start()), m.name());
                }
                // Only shared file mappings can have holes punched; ours are private or read-only.
                case MADV_REMOVE -> throw new ErrnoException(anonymous ? Errno.EINVAL : Errno.EACCES);
                case MADV_WIPEONFORK -> { if (!anonymous) throw new ErrnoException(Errno.EINVAL); }
                case MADV_POPULATE_READ, MADV_POPULATE_WRITE -> {
                    int need = a == MADV_POPULATE_READ ? GuestMemory.PROT_READ : GuestMemory.PROT_WRITE;
                    if ((m.prot() & need) == 0) throw new ErrnoException(Errno.EINVAL);
                }
                case MADV_COLLAPSE -> { if (!anonymous) throw new ErrnoException(Errno.EINVAL); }
                default -> { }
            }
            at = stop;
        }
        if (hole) throw new ErrnoException(Errno.ENOMEM);
        return 0;
    }

    private static boolean validAdvice(long advice) {
        return advice >= MADV_NORMAL && advice <= MADV_DONTNEED || advice >= MADV_FREE && advice <= MADV_COLLAPSE;
    }

    /** The start of the first mapping in (at, end), or end. */
    private static long nextMapping(GuestMemory mem, long at, long end) {
        long next = end;
        for (GuestMemory.Mapping m : mem.mappings()) {
            if (m.start() > at && m.start() < next) next = m.start();
        }
        return next;
    }

    /** mincore: one byte per page, 1 when the guest has touched the page (lazy pages are not resident yet). */
    static long mincore(Kernel k, long addr, long len, long vec) {
        if ((addr & (PAGE - 1)) != 0) throw new ErrnoException(Errno.EINVAL);
        if (len < 0 || addr + len < addr || addr + len > GuestMemory.ADDRESS_LIMIT) throw new ErrnoException(Errno.ENOMEM);
        long size = GuestMemory.roundUp(len);
        if (size == 0) return 0;
        if (!k.mem.isMapped(addr, size)) throw new ErrnoException(Errno.ENOMEM);
        int pages = (int) Math.min(size / PAGE, Integer.MAX_VALUE - 8);
        byte[] v = new byte[pages];
        for (long p = k.mem.nextResident(addr, addr + size); p < addr + size; p = k.mem.nextResident(p + PAGE, addr + size)) {
            v[(int) ((p - addr) / PAGE)] = 1;
        }
        k.mem.write(vec, v);
        return 0;
    }
}
