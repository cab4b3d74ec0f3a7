package dev.binfarm.emulator.elf;

/**
 * The bytes are not an ELF file, or not one we can load. The message names the
 * offending field, e.g. {@code "invalid ELF: e_machine is 40 (ARM), expected 62 (x86-64)"}.
 */
public final class InvalidElfException extends Exception {
    private final boolean notElf;

    private InvalidElfException(String message, boolean notElf) {
        super(message, null, false, false);
        this.notElf = notElf;
    }

    static InvalidElfException notElf() {
        return new InvalidElfException("not an ELF file", true);
    }

    static InvalidElfException invalid(String reason) {
        return new InvalidElfException("invalid ELF: " + reason, false);
    }

    /** True when the bytes do not even start with the ELF magic (a data file, a script). */
    public boolean isNotElf() { return notElf; }
}
