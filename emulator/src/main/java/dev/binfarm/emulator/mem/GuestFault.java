package dev.binfarm.emulator.mem;

/**
 * A guest memory access that the address space refused. The CPU turns it into
 * SIGSEGV for the guest; it never reaches a user as a Java stack trace, so it
 * carries no stack trace (faults can be frequent in guests that probe memory).
 */
public final class GuestFault extends RuntimeException {
    public enum Access { READ, WRITE, EXEC }

    public enum Cause {
        /** No mapping covers the address (SEGV_MAPERR). */
        UNMAPPED,
        /** A mapping exists but forbids this access (SEGV_ACCERR). */
        PROTECTION,
        /** The guest touched more memory than its limit allows. */
        MEMORY_LIMIT
    }

    private final long address;
    private final Access access;
    private final Cause cause;

    public GuestFault(long address, Access access, Cause cause) {
        super(null, null, false, false);
        this.address = address;
        this.access = access;
        this.cause = cause;
    }

    public long address() { return address; }
    public Access access() { return access; }
    public Cause faultCause() { return cause; }

    @Override
    public String getMessage() {
        return switch (cause) {
            case MEMORY_LIMIT -> "guest exceeded its memory limit at 0x" + Long.toHexString(address);
            case UNMAPPED -> access.name().toLowerCase() + " of unmapped address 0x" + Long.toHexString(address);
            case PROTECTION -> access.name().toLowerCase() + " not permitted at 0x" + Long.toHexString(address);
        };
    }
}
