package dev.binfarm.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * One Docker image per distinct app rootfs: the files, directories, symlinks and modes of the
 * materialised rootfs as a tar, imported with no base image, tagged by the content digest. The
 * same app at the same commit materialises to the same digest, so its image is built once.
 */
final class RootfsImages {
    static final String REPOSITORY = "binfarm-rootfs";

    private final DockerClient docker;
    private final DockerHttpClient http;
    private final Path tmp;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    RootfsImages(DockerClient docker, DockerHttpClient http, Path tmp) {
        this.docker = docker;
        this.http = http;
        this.tmp = tmp;
    }

    /** The image reference ("binfarm-rootfs:<digest>") for {@code rootfs}, importing it if Docker lacks it. */
    String ensure(Path rootfs) throws IOException {
        List<Path> entries = entries(rootfs);
        String digest = digest(rootfs, entries);
        String ref = REPOSITORY + ":" + digest;
        synchronized (locks.computeIfAbsent(digest, d -> new Object())) {
            if (exists(ref)) return ref;
            Path tar = Files.createTempFile(tmp, "binfarm-rootfs-", ".tar");
            try {
                try (OutputStream out = Files.newOutputStream(tar)) {
                    writeTar(rootfs, entries, out);
                }
                importTar(tar, digest);
            } finally {
                Files.deleteIfExists(tar);
            }
            if (!exists(ref)) throw new IOException("docker import of " + rootfs + " produced no image " + ref);
            return ref;
        }
    }

    /**
     * POST /images/create?fromSrc=- ("docker import") with the tar as a plain body. docker-java's
     * CreateImageCmd sent a body the daemon rejected ("unexpected EOF"), so this goes one level lower.
     */
    private void importTar(Path tar, String tag) throws IOException {
        DockerHttpClient.Request req = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.POST)
                .path("/images/create?fromSrc=-&repo=" + REPOSITORY + "&tag=" + tag)
                .putHeader("Content-Type", "application/x-tar")
                .body(Files.newInputStream(tar))
                .build();
        try (DockerHttpClient.Response res = http.execute(req)) {
            String body = new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8);
            if (res.getStatusCode() != 200 || body.contains("\"error")) throw new IOException("docker import: " + res.getStatusCode() + " " + body.strip());
        }
    }

    /** Puts one file into a created container (PUT /containers/{id}/archive), before it starts. */
    void putFile(String container, String path, byte[] content, int mode) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(content.length + 2048);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry e = new TarArchiveEntry(path.substring(path.lastIndexOf('/') + 1));
            e.setMode(0100000 | mode);
            e.setSize(content.length);
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        String dir = path.substring(0, path.lastIndexOf('/') + 1);
        DockerHttpClient.Request req = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.PUT)
                .path("/containers/" + container + "/archive?path=" + java.net.URLEncoder.encode(dir, StandardCharsets.UTF_8))
                .putHeader("Content-Type", "application/x-tar")
                .body(new java.io.ByteArrayInputStream(bytes.toByteArray()))
                .build();
        try (DockerHttpClient.Response res = http.execute(req)) {
            String body = new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8);
            if (res.getStatusCode() != 200) throw new IOException("cannot put " + path + " into the container: " + res.getStatusCode() + " " + body.strip());
        }
    }

    private boolean exists(String ref) {
        try {
            docker.inspectImageCmd(ref).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Everything under {@code rootfs} (not itself), sorted, links not followed. */
    static List<Path> entries(Path rootfs) throws IOException {
        try (Stream<Path> s = Files.walk(rootfs)) {
            List<Path> all = new ArrayList<>(s.filter(p -> !p.equals(rootfs)).toList());
            all.sort((a, b) -> rootfs.relativize(a).toString().compareTo(rootfs.relativize(b).toString()));
            return all;
        }
    }

    /** SHA-256 of a canonical listing: one line per entry with type, mode, path and content hash or link target. */
    static String digest(Path rootfs, List<Path> entries) throws IOException {
        MessageDigest listing = sha256();
        MessageDigest content = sha256();
        byte[] buf = new byte[1 << 16];
        for (Path p : entries) {
            String name = rootfs.relativize(p).toString();
            String line;
            if (Files.isSymbolicLink(p)) {
                line = "l " + name + " -> " + Files.readSymbolicLink(p);
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                line = "d " + Integer.toOctalString(mode(p)) + " " + name;
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                content.reset();
                try (InputStream in = Files.newInputStream(p)) {
                    for (int n; (n = in.read(buf)) > 0; ) content.update(buf, 0, n);
                }
                line = "f " + Integer.toOctalString(mode(p)) + " " + name + " " + HexFormat.of().formatHex(content.digest());
            } else {
                continue; // sockets, fifos, devices: a catalog does not carry them
            }
            listing.update((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(listing.digest());
    }

    static void writeTar(Path rootfs, List<Path> entries, OutputStream out) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path p : entries) {
                String name = rootfs.relativize(p).toString();
                TarArchiveEntry e;
                if (Files.isSymbolicLink(p)) {
                    e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    e.setLinkName(Files.readSymbolicLink(p).toString());
                    e.setMode(TarArchiveEntry.DEFAULT_FILE_MODE | 0777);
                    tar.putArchiveEntry(e);
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    e = new TarArchiveEntry(name + "/", TarArchiveEntry.LF_DIR);
                    e.setMode(040000 | mode(p));
                    tar.putArchiveEntry(e);
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    e = new TarArchiveEntry(name);
                    e.setMode(0100000 | mode(p));
                    e.setSize(Files.size(p));
                    tar.putArchiveEntry(e);
                    Files.copy(p, tar);
                } else {
                    continue;
                }
                tar.closeArchiveEntry();
            }
        }
    }

    static int mode(Path p) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        int m = 0;
        for (PosixFilePermission x : perms) m |= 1 << (8 - x.ordinal());
        return m;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
