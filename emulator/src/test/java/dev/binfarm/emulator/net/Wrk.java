package dev.binfarm.emulator.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** wrk (Debian package) against 127.0.0.1:port: its Requests/sec. */
final class Wrk {
    private Wrk() { }

    static double run(int port, int seconds) throws Exception {
        Process p = new ProcessBuilder("wrk", "-t2", "-c10", "-d" + seconds + "s", "http://127.0.0.1:" + port + "/")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(seconds + 60L, TimeUnit.SECONDS), "wrk finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(!out.contains("Non-2xx"), out);
        Matcher m = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
        assertTrue(m.find(), out);
        Matcher errors = Pattern.compile("Socket errors: (.*)").matcher(out);
        if (errors.find()) System.out.println("wrk socket errors: " + errors.group(1));
        return Double.parseDouble(m.group(1));
    }
}
