package dev.binfarm.emulator.net;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.dynamic.HostRootfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Debian's nginx in a rootfs built from the host as the catalog importer
 * does (the binary, its DT_NEEDED closure and loader), plus a config written
 * here: single process in the foreground, errors to stderr, every temp and
 * pid path under /tmp, one static page.
 */
final class Nginx {
    private Nginx() { }

    static final String NGINX = "/usr/sbin/nginx";

    /** The static page: big enough to need more than one write, and checkable. */
    static String page() {
        StringBuilder sb = new StringBuilder("<html><body><h1>binfarm nginx</h1>\n");
        for (int i = 0; i < 300; i++) sb.append("<p>line ").append(i).append(" of the static page</p>\n");
        return sb.append("</body></html>\n").toString();
    }

    static boolean available() { return Files.isExecutable(Path.of(NGINX)); }

    /** Builds the rootfs with configs for the emulator (port 8080) and a native run (on {@code nativePort}). */
    static Path rootfs(Path root, int nativePort) throws IOException {
        HostRootfs.libraries(root, Path.of(NGINX));
        Files.copy(Path.of(NGINX), root.resolve("usr/sbin/nginx"));
        for (String d : new String[] {"etc/nginx", "www", "var/lib/nginx", "var/log/nginx", "run"}) Files.createDirectories(root.resolve(d));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
        Files.writeString(root.resolve("www/index.html"), page());
        Files.writeString(root.resolve("etc/nginx/nginx.conf"), config(8080, "/tmp/emu"));
        Files.writeString(root.resolve("etc/nginx/native.conf"), config(nativePort, "/tmp/native"));
        return root;
    }

    static String config(int port, String tmp) {
        return """
                daemon off;
                master_process off;
                worker_processes 1;
                error_log stderr notice;
                pid %2$s.pid;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    client_body_temp_path %2$s-body;
                    proxy_temp_path %2$s-proxy;
                    fastcgi_temp_path %2$s-fastcgi;
                    uwsgi_temp_path %2$s-uwsgi;
                    scgi_temp_path %2$s-scgi;
                    types { text/html html; }
                    keepalive_requests 100000;
                    server {
                        listen %1$d;
                        root /www;
                        location / { index index.html; }
                    }
                }
                """.formatted(port, tmp);
    }

    static Guest.Builder guest(Path root) {
        return Guest.builder().rootfs(root).argv(NGINX, "-c", "/etc/nginx/nginx.conf")
                .env(Map.of("PATH", "/usr/sbin:/usr/bin:/bin", "LANG", "C", "TZ", "UTC"))
                .writableRootfs(true).timeout(Duration.ofMinutes(5));
    }
}
