package dev.binfarm.emulator.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import dev.binfarm.emulator.threads.ThreadPrograms.Variant;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the scheduler promises beyond native equality: deadlocks end the run, sleeps cost no real
 * time (and do on the real clock), stdin parks one thread.
 */
class SchedulingBehaviourTest {
    private static Path build(String name) {
        return ThreadPrograms.build(ThreadPrograms.dir().resolve("behaviour/" + name), Variant.GLIBC_STATIC_PIE);
    }

    @Test
    void deadlockEndsTheRunNamingWhatEachThreadWaitsFor() {
        long t0 = System.nanoTime();
        GuestOutcome out = ThreadPrograms.guest(build("deadlock.c"), 1, List.of());
        GuestExit.Signaled s = assertInstanceOf(GuestExit.Signaled.class, out.exit(), () -> ThreadPrograms.describe(out.exit()));
        assertTrue(s.reason().startsWith("deadlock"), s.reason());
        assertTrue(s.reason().contains("thread 1 on futex") && s.reason().contains("thread 2 on futex"), s.reason());
        assertEquals("both hold one lock\n", new String(out.stdout(), StandardCharsets.UTF_8));
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(30).toNanos(), "a deadlock must not wait for the timeout");
    }

    @Test
    void sleepingThreadsJumpTheVirtualClock() {
        long t0 = System.nanoTime();
        GuestOutcome out = ThreadPrograms.guest(build("long_sleeps.c"), 1, List.of());
        assertEquals(0, out.exit().status(), () -> ThreadPrograms.describe(out.exit()));
        // 50 s for the longest nap, then 50 more: 100 s of guest time in well under the real minute and a half.
        assertEquals("guest seconds elapsed: 100\n", new String(out.stdout(), StandardCharsets.UTF_8));
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(20).toNanos(), "sleeps must not take real time");
    }

    @Test
    void onTheRealClockSleepsTakeTheirTimeAndTheDateIsTodays() {
        Path bin = build("real_clock.c");
        long t0 = System.nanoTime();
        GuestOutcome real = Guest.builder().rootfs(Path.of("/")).exe(bin).argv(bin.toString()).realClock(true)
                .timeout(Duration.ofSeconds(60)).build().run();
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, real.exit().status(), () -> ThreadPrograms.describe(real.exit()));
        String[] f = new String(real.stdout(), StandardCharsets.UTF_8).trim().split(" ");
        long date = Long.parseLong(f[0]), guestMs = Long.parseLong(f[1]);
        assertTrue(Math.abs(date - java.time.Instant.now().getEpochSecond()) < 120, "today's date, was " + date);
        assertTrue(guestMs >= 300 && wallMs >= 300, "the 300 ms sleep took " + guestMs + " ms guest, " + wallMs + " ms wall");

        GuestOutcome virtual = ThreadPrograms.guest(bin, 1, List.of());
        assertEquals(0, virtual.exit().status(), () -> ThreadPrograms.describe(virtual.exit()));
        String[] v = new String(virtual.stdout(), StandardCharsets.UTF_8).trim().split(" ");
        assertEquals(1_767_225_600L, Long.parseLong(v[0]), "the virtual clock boots on 2026-01-01");
        assertTrue(Long.parseLong(v[1]) >= 300, "guest time still counts the sleep: " + v[1]);
    }

    @Test
    void aThreadReadingHostStdinParksAloneUntilDataArrives() throws IOException {
        Path bin = build("stdin_echo.c");
        PipedOutputStream feed = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(feed);
        Thread writer = Thread.ofPlatform().daemon().start(() -> {
            try {
                for (int i = 0; i < 3; i++) {
                    Thread.sleep(100);
                    feed.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
                    feed.flush();
                }
                feed.close();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        GuestOutcome out = Guest.builder().rootfs(Path.of("/")).exe(bin).argv(bin.toString()).stdin(in)
                .timeout(Duration.ofSeconds(60)).build().run();
        assertEquals(0, out.exit().status(), () -> ThreadPrograms.describe(out.exit()));
        assertEquals("line 0\nline 1\nline 2\nmain kept running: 1\n", new String(out.stdout(), StandardCharsets.UTF_8));
    }
}
