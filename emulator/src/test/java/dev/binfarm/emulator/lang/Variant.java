package dev.binfarm.emulator.lang;

/** How a program is built: every language in two link modes (acceptance 3-5 of issue 5). */
enum Variant {
    /** Go's default: a static, non-PIE executable. */
    GO_DEFAULT(Toolchain.GO, false),
    /** -buildmode=pie: a PIE with ld.so as interpreter but no libraries. */
    GO_PIE(Toolchain.GO, true),
    RUST_DYNAMIC(Toolchain.RUST, true),
    /** -C target-feature=+crt-static: glibc static-pie. */
    RUST_STATIC_PIE(Toolchain.RUST, false),
    CPP_DYNAMIC(Toolchain.CPP, true),
    CPP_STATIC_PIE(Toolchain.CPP, false);

    final Toolchain toolchain;
    /** The binary has a PT_INTERP, so its rootfs needs the loader and libraries. */
    final boolean needsLibraries;

    Variant(Toolchain toolchain, boolean needsLibraries) {
        this.toolchain = toolchain;
        this.needsLibraries = needsLibraries;
    }

    String label() { return name().toLowerCase().replace('_', '-'); }
}
