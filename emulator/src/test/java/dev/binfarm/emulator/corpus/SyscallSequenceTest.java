package dev.binfarm.emulator.corpus;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.binfarm.emulator.GuestOutcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * For the corpus programs marked {@code //! strace}: the emulator makes the same system calls, in the
 * same order, as the host kernel sees under {@code strace -f -qq -e trace=all} (names only, the first
 * {@link BenignSyscallDifferences#COMPARED_CALLS}, minus the documented benign differences), and a
 * second emulator run with the same seed repeats its trace exactly (arguments and results too).
 */
public class SyscallSequenceTest {
    @TestFactory
    Stream<DynamicNode> sameSyscallsAsTheHost() {
        List<CorpusProgram> traced = CorpusProgram.all(TestPrograms.corpusDir()).stream().filter(CorpusProgram::strace).toList();
        List<DynamicNode> nodes = new ArrayList<>();
        for (Libc libc : Libc.values()) {
            for (CorpusProgram p : traced) {
                nodes.add(DynamicTest.dynamicTest(p.name() + "/" + libc.label(), () -> check(p, libc)));
            }
        }
        return nodes.stream();
    }

    private static void check(CorpusProgram p, Libc libc) {
        Assumptions.assumeTrue(Tools.onPath("strace"), "strace is not installed");
        String unavailable = libc.unavailableReason();
        Assumptions.assumeTrue(unavailable == null, unavailable);
        Path binary = TestPrograms.build(p, libc);
        // Separate copies: a host run may write to its rootfs, and the guest must start from the same files.
        try (CorpusRootfs root = CorpusRootfs.create(binary); CorpusRootfs guestRoot = CorpusRootfs.create(binary)) {
            byte[] stdin = p.stdinFile() == null ? new byte[0] : root.read(p.stdinFile());
            List<String> host = BenignSyscallDifferences.normalise(
                    NativeReference.syscallNames(root.dir(), p.argv(), GuestRuns.ENV, stdin, GuestRuns.NATIVE_TIMEOUT,
                            BenignSyscallDifferences.HOST_ONLY_LINE));
            GuestOutcome out;
            try {
                out = GuestRuns.guest(guestRoot.dir(), p, stdin).build().run();
            } catch (UnsupportedOperationException e) {
                ExpectedFailures.skipIfEmulatorMissing(e);
                return;
            }
            assertNotNull(out.trace(), () -> "no syscall trace: " + GuestRuns.describe(out.exit()));
            List<String> guest = BenignSyscallDifferences.normalise(names(out.trace().toText()));
            String mismatch = firstDifference(host, guest);
            // Determinism: the same binary, inputs and seed give the identical trace, arguments and results included.
            GuestOutcome again = GuestRuns.guest(guestRoot.dir(), p, stdin).build().run();
            if (again.trace() == null || !again.trace().sameAs(out.trace())) {
                mismatch = (mismatch == null ? "" : mismatch + "\n") + "a second run with the same seed made a different trace";
            }
            ExpectedFailures.skipIfListed("strace:" + p.name(), libc, mismatch == null, mismatch);
            if (mismatch != null) fail(p.name() + "/" + libc.label() + ": " + mismatch);
        }
    }

    /**
     * Names from the emulator's strace-like text, one call per line: {@code name(args) = result}.
     * Calls the vDSO made (lines ending in {@code [vdso]}) are left out: Linux answers them in user
     * space, so strace of the native run never shows them (BenignSyscallDifferences).
     */
    public static List<String> names(String traceText) {
        List<String> names = new ArrayList<>();
        for (String line : traceText.split("\n")) {
            if (line.endsWith(" [vdso]")) continue;
            int paren = line.indexOf('(');
            if (paren > 0) names.add(line.substring(0, paren));
        }
        return names;
    }

    public static String firstDifference(List<String> host, List<String> guest) {
        int n = Math.min(host.size(), guest.size());
        for (int i = 0; i < n; i++) {
            if (!host.get(i).equals(guest.get(i))) {
                return "call #" + i + ": host " + host.get(i) + ", emulator " + guest.get(i) + "\n  host:     "
                        + window(host, i) + "\n  emulator: " + window(guest, i);
            }
        }
        if (host.size() != guest.size()) {
            return "host made " + host.size() + " calls, emulator " + guest.size() + "\n  host:     " + window(host, n)
                    + "\n  emulator: " + window(guest, n);
        }
        return null;
    }

    private static String window(List<String> names, int at) {
        return names.subList(Math.max(0, at - 4), Math.min(names.size(), at + 4)).toString();
    }
}
