package dev.binfarm.emulator.kernel;

/**
 * One row of the syscall table: the x86-64 number, the Linux name, how many
 * arguments it takes, its handler, its support level and a note.
 * {@code pathArg} is the index of a path argument (for readable traces), or -1.
 */
public record Syscall(int nr, String name, int arity, Support support, String note, int pathArg, Handler handler) {

    /** A syscall implementation: a small function of the raw arguments returning a value or -errno. */
    @FunctionalInterface
    public interface Handler {
        long call(Kernel k, long[] a);
    }
}
