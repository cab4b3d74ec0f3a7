package dev.binfarm.emulator.elf;

/** What an ELF file is, as far as running it goes. */
public enum ElfKind {
    /** ET_DYN without PT_INTERP that is a program: relocates itself at any base. */
    STATIC_PIE("static-pie"),
    /** Has PT_INTERP (PIE or not): needs the dynamic loader and shared libraries. */
    DYNAMIC("dynamic"),
    /** ET_EXEC without PT_INTERP: fixed addresses, not position independent (Unikraft cannot load it). */
    STATIC("static"),
    /** A shared object that is not a program (libc.so.6, ld-linux-x86-64.so.2, ...). */
    SHARED_LIBRARY("shared-library"),
    /** Relocatable objects, core files and other ELF types that do not run. */
    OTHER("other");

    private final String label;

    ElfKind(String label) { this.label = label; }

    /** The name used in listings and JSON: static-pie, dynamic, static, shared-library, other. */
    public String label() { return label; }

    public boolean isProgram() { return this == STATIC_PIE || this == DYNAMIC || this == STATIC; }
}
