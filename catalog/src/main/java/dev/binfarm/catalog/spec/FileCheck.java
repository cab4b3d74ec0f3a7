package dev.binfarm.catalog.spec;

import java.util.HexFormat;

/**
 * A file the run must leave in the app's filesystem (or must not, when
 * {@code exists} is false), with optional checks on its content.
 *
 * @param startsWithHex leading bytes the file must begin with, lower-case hex (e.g. the gzip magic 1f8b), or null
 * @param content       a check on the file's text, or null
 */
public record FileCheck(String path, boolean exists, String startsWithHex, OutputCheck content) {

    /** Null when the file's bytes pass the prefix and content checks, else a short reason. */
    public String mismatch(byte[] bytes) {
        if (startsWithHex != null) {
            byte[] prefix = HexFormat.of().parseHex(startsWithHex);
            if (bytes.length < prefix.length || !java.util.Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length))
                return "does not start with bytes " + startsWithHex;
        }
        if (content != null) return content.mismatch(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        return null;
    }
}
