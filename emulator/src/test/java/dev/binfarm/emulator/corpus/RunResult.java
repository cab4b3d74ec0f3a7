package dev.binfarm.emulator.corpus;

import java.nio.charset.StandardCharsets;

/** What one run of a program produced, in the shell's terms: status is the code, or 128+signal. */
record RunResult(int status, byte[] stdout, byte[] stderr) {
    String stdoutText() { return new String(stdout, StandardCharsets.UTF_8); }
    String stderrText() { return new String(stderr, StandardCharsets.UTF_8); }
}
