package dev.binfarm.emulator.cpu;

import dev.binfarm.emulator.elf.ElfFile;
import dev.binfarm.emulator.mem.Backing;
import dev.binfarm.emulator.mem.GuestMemory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Real compiler output on the CPU alone: freestanding integer C programs built
 * with gcc at several optimisation levels, run natively and in the emulator
 * (with a minimal ELF loader and write/exit syscalls), outputs compared.
 */
class CompiledProgramTest {
    static final long STACK_TOP = 0x7ff000000000L;

    @ParameterizedTest
    @ValueSource(strings = {"-O0", "-O1", "-O2", "-Os", "-O3 -funroll-loops", "-O2 -mpopcnt -mlzcnt -mmovbe"})
    void intmixMatchesNative(String flags, @TempDir Path dir) throws Exception {
        for (String f : List.of("rt.h", "intmix.c")) {
            try (InputStream in = getClass().getResourceAsStream("/cpu/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        Path exe = dir.resolve("intmix");
        List<String> cmd = new ArrayList<>(List.of("gcc", "-static", "-nostdlib", "-fno-pie", "-no-pie", "-mgeneral-regs-only",
                "-fno-stack-protector", "-fcf-protection=full"));
        cmd.addAll(List.of(flags.split(" ")));
        cmd.addAll(List.of("-o", exe.toString(), dir.resolve("intmix.c").toString(), "-lgcc"));
        run(dir, cmd.toArray(String[]::new));

        Process p = new ProcessBuilder(exe.toString()).start();
        byte[] nativeOut = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        int nativeExit = p.exitValue();

        ByteArrayOutputStream emuOut = new ByteArrayOutputStream();
        int[] exit = {-1};
        GuestMemory mem = new GuestMemory(256 << 20);
        byte[] image = Files.readAllBytes(exe);
        ElfFile elf = ElfFile.parse(image);
        for (ElfFile.Segment s : elf.loadSegments()) {
            long start = s.vaddr() & ~GuestMemory.PAGE_MASK;
            long end = GuestMemory.roundUp(s.vaddr() + s.memsz());
            int prot = (s.readable() ? GuestMemory.PROT_READ : 0) | (s.writable() ? GuestMemory.PROT_WRITE : 0)
                    | (s.executable() ? GuestMemory.PROT_EXEC : 0);
            long fileStart = s.vaddr() - start, fileEnd = fileStart + s.filesz();
            Backing b = (offset, dst, dstOff, len) -> {
                for (int k = 0; k < len; k++) {
                    long x = offset + k;
                    if (x >= fileStart && x < fileEnd) dst[dstOff + k] = image[(int) (s.offset() + x - fileStart)];
                }
            };
            mem.map(start, end - start, prot, b, 0, "seg");
        }
        mem.map(STACK_TOP - (1 << 20), 1 << 20, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, Backing.ZERO, 0, "stack");
        Cpu cpu = new Cpu(mem);
        cpu.rip = elf.entry();
        cpu.r[Cpu.RSP] = STACK_TOP - 4096;
        cpu.syscalls = c -> {
            switch ((int) c.r[Cpu.RAX]) {
                case 1 -> {
                    byte[] data = mem.read(c.r[Cpu.RSI], (int) c.r[Cpu.RDX]);
                    emuOut.write(data, 0, data.length);
                    c.r[Cpu.RAX] = data.length;
                }
                case 60, 231 -> {
                    exit[0] = (int) c.r[Cpu.RDI];
                    c.halt();
                }
                default -> c.r[Cpu.RAX] = -38;
            }
        };
        Stop stop;
        do {
            stop = cpu.run(10_000_000);
        } while (stop == Stop.BUDGET && cpu.instructions < 3_000_000_000L);
        assertEquals(Stop.HALT, stop, () -> "stopped at 0x" + Long.toHexString(cpu.rip) + ": " + cpu.illegal + " " + cpu.fault);
        assertEquals(new String(nativeOut), emuOut.toString());
        assertEquals(nativeExit, exit[0]);
        assertTrue(nativeOut.length > 50, "the program printed its results");
    }

    private static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
    }
}
