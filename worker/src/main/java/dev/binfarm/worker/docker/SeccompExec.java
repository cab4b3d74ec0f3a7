package dev.binfarm.worker.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tiny static x86-64 ELF, generated per profile, that installs the profile as a seccomp filter
 * on itself and then execs the app: {@code /.binfarm-exec <app argv...>}.
 *
 * <p>Why not Docker's own seccomp option: runc installs that filter inside the container before
 * its own last steps (opening the exec fifo and /proc/self/fd, fstat, fcntl, getdents64, ...), so
 * a profile must allow those calls for runc to start the app at all, and a profile without
 * {@code openat} cannot be expressed (runc opens with the same flags as the dynamic loader). The
 * shim installs the filter after runc is done, so exactly the profile applies to the app, plus
 * {@link #ALWAYS}: {@code execve}, which the shim needs to start the app (a coverage report must
 * say that execve was allowed whatever the profile).
 *
 * <p>What the shim does, in order: unlink its own file (so the app's filesystem is the app's),
 * prctl(PR_SET_NO_NEW_PRIVS), seccomp(SECCOMP_SET_MODE_FILTER), execve(argv[1], argv+1, envp).
 * It exits 125 when the filter cannot be installed and 127 when the exec fails. Denied calls
 * return -ENOSYS, as on a kernel that lacks them; calls of other ABIs (x32, i386) are denied too.
 */
public final class SeccompExec {
    /** Where the shim sits in the container until it unlinks itself. */
    public static final String PATH = "/.binfarm-exec";
    /** Allowed whatever the profile: the shim's own exec of the app. */
    public static final Set<String> ALWAYS = Set.of("execve");
    static final int EXIT_NO_FILTER = 125;
    static final int EXIT_NO_EXEC = 127;

    private static final int ENOSYS = 38;
    private static final long BASE = 0x400000;
    private static final int AUDIT_ARCH_X86_64 = 0xC000003E;
    private static final int RET_ALLOW = 0x7fff0000;
    private static final int RET_ENOSYS = 0x00050000 | ENOSYS;
    private static final int LD_W_ABS = 0x20, JEQ_K = 0x15, JGE_K = 0x35, RET_K = 0x06;

    /** x86-64 syscall name -> number. */
    static final Map<String, Integer> NUMBERS = numbers();

    private SeccompExec() { }

    /** The syscall numbers the filter allows for {@code allowed} (names unknown on x86-64 are ignored). */
    static Set<Integer> numbers(Set<String> allowed) {
        Set<Integer> nrs = new TreeSet<>();
        for (String n : allowed) {
            Integer nr = NUMBERS.get(n);
            if (nr != null) nrs.add(nr);
        }
        for (String n : ALWAYS) nrs.add(NUMBERS.get(n));
        return nrs;
    }

    /** The classic BPF program: x86-64 only, each allowed number returns ALLOW, the rest ENOSYS. */
    static byte[] filter(Set<Integer> nrs) {
        ByteBuffer b = ByteBuffer.allocate(8 * (7 + 2 * nrs.size())).order(ByteOrder.LITTLE_ENDIAN);
        insn(b, LD_W_ABS, 0, 0, 4);                   // seccomp_data.arch
        insn(b, JEQ_K, 1, 0, AUDIT_ARCH_X86_64);
        insn(b, RET_K, 0, 0, RET_ENOSYS);
        insn(b, LD_W_ABS, 0, 0, 0);                   // seccomp_data.nr
        insn(b, JGE_K, 0, 1, 0x40000000);             // x32 numbers
        insn(b, RET_K, 0, 0, RET_ENOSYS);
        for (int nr : nrs) {
            insn(b, JEQ_K, 0, 1, nr);
            insn(b, RET_K, 0, 0, RET_ALLOW);
        }
        insn(b, RET_K, 0, 0, RET_ENOSYS);
        return b.array();
    }

    private static void insn(ByteBuffer b, int code, int jt, int jf, int k) {
        b.putShort((short) code).put((byte) jt).put((byte) jf).putInt(k);
    }

    /** The shim's ELF for a profile allowing {@code allowed}. */
    public static byte[] elf(Set<String> allowed) {
        byte[] filter = filter(numbers(allowed));
        int codeOff = 64 + 56;
        byte[] code = code(0); // length only; addresses fixed below
        int fprogOff = align(codeOff + code.length, 8);
        int filterOff = fprogOff + 16;
        code = code(BASE + fprogOff);
        int size = filterOff + filter.length;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        // ELF header
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        b.putShort((short) 2).putShort((short) 62).putInt(1);   // ET_EXEC, EM_X86_64, EV_CURRENT
        b.putLong(BASE + codeOff).putLong(64).putLong(0);      // entry, phoff, shoff
        b.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1); // flags, ehsize, phentsize, phnum
        b.putShort((short) 64).putShort((short) 0).putShort((short) 0);           // shentsize, shnum, shstrndx
        // one PT_LOAD, R+X, the whole file
        b.putInt(1).putInt(5).putLong(0).putLong(BASE).putLong(BASE).putLong(size).putLong(size).putLong(0x1000);
        b.put(code);
        b.position(fprogOff);
        b.putShort((short) (filter.length / 8)).putShort((short) 0).putInt(0).putLong(BASE + filterOff);
        b.put(filter);
        return b.array();
    }

    private static byte[] code(long fprog) {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        bytes(c, 0x48, 0x8B, 0x7C, 0x24, 0x08);               // mov rdi, [rsp+8]      argv[0]: this file
        movEax(c, 87);                                        // unlink
        bytes(c, 0x0F, 0x05);
        movEax(c, 157);                                       // prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        bytes(c, 0xBF); int32(c, 38);
        bytes(c, 0xBE); int32(c, 1);
        bytes(c, 0x31, 0xD2, 0x45, 0x31, 0xD2, 0x45, 0x31, 0xC0);
        bytes(c, 0x0F, 0x05);
        movEax(c, 317);                                       // seccomp(SECCOMP_SET_MODE_FILTER, 0, &fprog)
        bytes(c, 0xBF); int32(c, 1);
        bytes(c, 0x31, 0xF6);
        bytes(c, 0xBA); int32(c, (int) fprog);
        bytes(c, 0x0F, 0x05);
        bytes(c, 0x85, 0xC0);                                 // test eax, eax
        bytes(c, 0x75, 0x28);                                 // jnz no_filter (+40)
        bytes(c, 0x48, 0x8B, 0x0C, 0x24);                     // mov rcx, [rsp]        argc
        bytes(c, 0x48, 0x8B, 0x7C, 0x24, 0x10);               // mov rdi, [rsp+16]     argv[1]
        bytes(c, 0x48, 0x8D, 0x74, 0x24, 0x10);               // lea rsi, [rsp+16]     argv+1
        bytes(c, 0x48, 0x8D, 0x54, 0xCC, 0x10);               // lea rdx, [rsp+rcx*8+16] envp
        movEax(c, 59);                                        // execve
        bytes(c, 0x0F, 0x05);
        bytes(c, 0xBF); int32(c, EXIT_NO_EXEC);               // mov edi, 127
        movEax(c, 231);                                       // exit: exit_group(edi)
        bytes(c, 0x0F, 0x05, 0x0F, 0x0B);                     // syscall; ud2
        bytes(c, 0xBF); int32(c, EXIT_NO_FILTER);             // no_filter: mov edi, 125
        bytes(c, 0xEB, 0xF0);                                 // jmp exit (-16)
        return c.toByteArray();
    }

    private static void movEax(ByteArrayOutputStream c, int v) { c.write(0xB8); int32(c, v); }

    private static void int32(ByteArrayOutputStream c, int v) {
        for (int i = 0; i < 4; i++) c.write(v >>> (8 * i));
    }

    private static void bytes(ByteArrayOutputStream c, int... bs) { for (int x : bs) c.write(x); }

    private static int align(int v, int a) { return (v + a - 1) / a * a; }

    private static Map<String, Integer> numbers() {
        try (InputStream in = SeccompExec.class.getResourceAsStream("x86_64.syscalls")) {
            if (in == null) throw new IllegalStateException("binfarm is missing x86_64.syscalls");
            Map<String, Integer> out = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) continue;
                String[] f = l.split("\\s+");
                out.put(f[0], Integer.parseInt(f[1]));
            }
            return Map.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
