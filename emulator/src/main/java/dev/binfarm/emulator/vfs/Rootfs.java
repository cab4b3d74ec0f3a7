package dev.binfarm.emulator.vfs;

import dev.binfarm.emulator.kernel.Errno;
import dev.binfarm.emulator.kernel.ErrnoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * A host directory shown to the guest as "/". Paths are resolved one component
 * at a time, as Linux's namei does, and every symlink is read and resolved by
 * us, so the host never follows one: ".." stops at the root and a link to an
 * absolute path (even one naming a host directory) is taken relative to the
 * rootfs. The guest can therefore never name a host file outside it.
 */
public final class Rootfs {
    static final int MAX_SYMLINKS = 40;
    static final int PATH_MAX = 4096, NAME_MAX = 255;
    /** Directories the emulator provides when the rootfs lacks them. */
    static final Set<String> PSEUDO_DIRS = Set.of("/dev", "/proc", "/proc/self", "/proc/self/fd", "/sys", "/sys/devices",
            "/sys/devices/system", "/sys/devices/system/cpu", "/proc/sys", "/proc/sys/kernel", "/proc/sys/vm",
            "/sys/kernel", "/sys/kernel/mm", "/sys/kernel/mm/transparent_hugepage");
    /** The process's root: a link to "/" of the rootfs, never to the host's. */
    static final String PROC_ROOT = "/proc/self/root";

    private final Path root;
    private final Upper upper;

    /** A read-only rootfs. */
    public Rootfs(Path root) throws IOException {
        this(root, null);
    }

    /** A rootfs with a copy-on-write layer on top ({@code upper} null: read-only). */
    public Rootfs(Path root, Upper upper) throws IOException {
        this.root = root.toRealPath();
        this.upper = upper;
        if (!Files.isDirectory(this.root)) throw new IOException(root + " is not a directory");
    }

    public Path root() { return root; }

    /** The copy-on-write layer, or null when the rootfs is read-only. */
    public Upper upper() { return upper; }

    /**
     * A resolved path: the canonical guest path, the host path it names (which
     * may not exist), and the layer's entry for it, if any.
     */
    public record Lookup(String path, Path host, Upper.Node node, boolean lowerHidden) {
        public boolean exists() {
            if (node != null) return !(node instanceof Upper.Whiteout);
            return !lowerHidden && Files.exists(host, LinkOption.NOFOLLOW_LINKS);
        }

        /** True when the entry comes from the rootfs on the host (not from the layer). */
        boolean lower() { return node == null && !lowerHidden && Files.exists(host, LinkOption.NOFOLLOW_LINKS); }
    }

    /**
     * Resolves {@code path} relative to the guest directory {@code base}
     * (ignored for absolute paths). A final symlink is followed only when
     * {@code followLast}. Throws ENOENT/ENOTDIR/ELOOP/ENAMETOOLONG.
     */
    public Lookup resolve(String base, String path, boolean followLast) {
        if (path.isEmpty()) throw new ErrnoException(Errno.ENOENT);
        if (path.length() >= PATH_MAX) throw new ErrnoException(Errno.ENAMETOOLONG);
        List<String> stack = new ArrayList<>();
        if (!path.startsWith("/")) pushAll(stack, base);
        Deque<String> todo = new ArrayDeque<>();
        addFirst(todo, path);
        boolean trailingSlash = path.endsWith("/");
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) {
                if (!stack.isEmpty()) stack.remove(stack.size() - 1);
                continue;
            }
            if (c.length() > NAME_MAX) throw new ErrnoException(Errno.ENAMETOOLONG);
            stack.add(c);
            Path host = host(stack);
            boolean last = todo.stream().allMatch(s -> s.isEmpty() || s.equals("."));
            Lookup here = lookup(stack, host);
            boolean procRoot = here.path().equals(PROC_ROOT) && !here.exists();
            boolean isLink = procRoot || (here.node() != null ? here.node() instanceof Upper.Link
                    : !here.lowerHidden() && Files.isSymbolicLink(host));
            if (isLink && (!last || followLast || trailingSlash)) {
                if (++links > MAX_SYMLINKS) throw new ErrnoException(Errno.ELOOP);
                String target;
                if (procRoot) {
                    target = "/";
                } else if (here.node() instanceof Upper.Link l) {
                    target = l.target();
                } else {
                    try {
                        target = Files.readSymbolicLink(host).toString();
                    } catch (IOException e) {
                        throw new ErrnoException(Errno.EIO);
                    }
                }
                stack.remove(stack.size() - 1);
                if (target.startsWith("/")) stack.clear(); // re-rooted: "/" is the rootfs
                addFirst(todo, target);
                continue;
            }
            if (!last) {
                boolean isDir = here.node() != null ? here.node() instanceof Upper.Dir
                        : !here.lowerHidden() && Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS);
                if (isDir) continue;
                if (PSEUDO_DIRS.contains(here.path()) && !here.exists()) continue;
                throw new ErrnoException(here.exists() ? Errno.ENOTDIR : Errno.ENOENT);
            }
        }
        return lookup(stack, host(stack));
    }

    private Lookup lookup(List<String> stack, Path host) {
        String path = guestPath(stack);
        if (upper == null) return new Lookup(path, host, null, false);
        return new Lookup(path, host, upper.get(path), upper.lowerHidden(path));
    }

    private Path host(List<String> stack) {
        Path p = root;
        for (String s : stack) p = p.resolve(s);
        return p;
    }

    static String guestPath(List<String> stack) {
        return stack.isEmpty() ? "/" : "/" + String.join("/", stack);
    }

    private static void pushAll(List<String> stack, String absolute) {
        for (String s : absolute.split("/")) if (!s.isEmpty()) stack.add(s);
    }

    private static void addFirst(Deque<String> todo, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) todo.addFirst(parts[i]);
    }
}
