package dev.binfarm.emulator.vfs;

import dev.binfarm.emulator.kernel.ErrnoException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * The guest's filesystem as the guest left it (rootfs plus its copy-on-write
 * layer), for whoever ran it: judges check produced files through this. Paths
 * are resolved exactly as the guest's were, so symlinks stay inside the rootfs.
 */
public final class RootfsView {
    private final Rootfs rootfs;

    public RootfsView(Rootfs rootfs) {
        this.rootfs = rootfs;
    }

    /** True when {@code guestPath} names anything (a dangling final symlink counts). */
    public boolean exists(String guestPath) {
        try {
            return rootfs.resolve("/", guestPath, false).exists();
        } catch (ErrnoException e) {
            return false;
        }
    }

    /**
     * The bytes of the regular file at {@code guestPath} (symlinks followed, inside
     * the rootfs), or empty when there is none or it is not a regular file.
     */
    public Optional<byte[]> read(String guestPath) {
        Rootfs.Lookup l;
        try {
            l = rootfs.resolve("/", guestPath, true);
        } catch (ErrnoException e) {
            return Optional.empty();
        }
        if (!l.exists()) return Optional.empty();
        if (l.node() != null) return l.node() instanceof Upper.File f ? Optional.of(Upper.contents(f)) : Optional.empty();
        if (!Files.isRegularFile(l.host(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        try {
            return Optional.of(Files.readAllBytes(l.host()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
