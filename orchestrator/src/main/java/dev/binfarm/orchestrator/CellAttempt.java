package dev.binfarm.orchestrator;

import dev.binfarm.results.ResultStatus;
import dev.binfarm.results.SyscallUsage;
import java.util.List;

/**
 * What one execution of a cell produced, as the orchestrator records it. {@code reason}
 * says why the cell did not pass (null for PASS).
 */
public record CellAttempt(ResultStatus status, String reason, Integer exitCode, Integer signal, long durationMs,
                          Long instructions, String stdout, String stderr, String crash, List<SyscallUsage> syscalls) {
    public CellAttempt {
        if (status == null) throw new IllegalArgumentException("an attempt has a status");
        syscalls = syscalls == null ? List.of() : List.copyOf(syscalls);
    }

    /** An attempt that never ran the guest (infrastructure error), with the message as reason. */
    public static CellAttempt error(String message, long durationMs) {
        return new CellAttempt(ResultStatus.ERROR, message, null, null, durationMs, null, null, null, null, List.of());
    }

    boolean passed() {
        return status == ResultStatus.PASS;
    }
}
