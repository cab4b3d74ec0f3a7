package dev.binfarm.emulator.cpu;

import dev.binfarm.emulator.mem.Backing;
import dev.binfarm.emulator.mem.GuestMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Instruction lengths against GNU objdump on random byte sequences (random
 * prefixes, REX, all four opcode maps, random ModRM/SIB/displacement/immediate
 * bytes). Wherever objdump decodes a valid instruction and the decoder accepts
 * it too, both must agree on its length: the decoder's immediate and
 * displacement sizes are right for every opcode it knows.
 */
class DecoderLengthTest {
    private static final Set<String> BARE_PREFIXES = Set.of("rex", "rex.b", "rex.x", "rex.xb", "rex.r", "rex.rb", "rex.rx",
            "rex.rxb", "rex.w", "rex.wb", "rex.wx", "rex.wxb", "rex.wr", "rex.wrb", "rex.wrx", "rex.wrxb", "data16", "addr32",
            "repz", "repnz", "rep", "lock", "cs", "ds", "es", "fs", "gs", "ss", "bnd", "notrack", "xacquire", "xrelease");

    @Test
    void lengthsAgreeWithObjdump(@TempDir Path dir) throws Exception {
        Random r = new Random(Long.getLong("decoder.seed", 20261123));
        int n = 20000;
        List<byte[]> cases = new ArrayList<>();
        StringBuilder src = new StringBuilder();
        for (int k = 0; k < n; k++) {
            byte[] b = candidate(r);
            cases.add(b);
            src.append(".section .t").append(k).append(",\"ax\"\n.byte ");
            for (int j = 0; j < b.length; j++) src.append(j == 0 ? "" : ",").append(b[j] & 0xFF);
            src.append('\n');
        }
        Files.writeString(dir.resolve("f.s"), src);
        exec(dir, "as", "--64", "-o", "f.o", "f.s");
        String dump = exec(dir, "objdump", "-d", "--insn-width=16", "-M", "intel,intel64", "f.o");

        // First instruction of each section: "   0:\t66 0f 38 00 c1   \tpshufb xmm0,xmm1"
        String[] objdumpFirst = new String[n];
        int section = -1;
        for (String line : dump.split("\n")) {
            if (line.startsWith("Disassembly of section .t")) {
                section = Integer.parseInt(line.substring("Disassembly of section .t".length(), line.length() - 1));
            } else if (section >= 0 && line.startsWith("   0:\t") && objdumpFirst[section] == null) {
                objdumpFirst[section] = line.substring(6);
            }
        }

        GuestMemory mem = new GuestMemory(1 << 20);
        long at = 0x400000;
        mem.map(at, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE | GuestMemory.PROT_EXEC, Backing.ZERO, 0, "code");
        Decoder decoder = new Decoder(mem);
        int compared = 0;
        List<String> mismatches = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            String line = objdumpFirst[k];
            if (line == null) continue;
            String[] parts = line.split("\t");
            if (parts.length < 2) continue;
            int theirs = parts[0].trim().split("\\s+").length;
            String text = parts[1].trim();
            String mnemonic = text.split("\\s+")[0].toLowerCase();
            if (text.contains("(bad)") || BARE_PREFIXES.contains(mnemonic) || mnemonic.startsWith("v") || text.contains("{")) continue;
            byte[] b = cases.get(k);
            mem.write(at, java.util.Arrays.copyOf(b, 32));
            Insn i = new Insn();
            decoder.decode(at, i);
            if (i.op == Ops.UD) continue;
            if (i.opcode == 0x9B) continue; // objdump shows FWAIT merged with the x87 instruction after it
            compared++;
            if (i.len != theirs) mismatches.add(hex(b, Math.max(i.len, theirs)) + ": objdump " + theirs + " (" + text + "), decoder " + i.len);
        }
        System.out.println("decoder lengths: " + compared + " random instructions compared with objdump, " + mismatches.size() + " mismatches");
        assertTrue(compared > n / 3, "too few comparable cases: " + compared);
        assertTrue(mismatches.isEmpty(), mismatches.size() + " mismatches:\n" + String.join("\n", mismatches.subList(0, Math.min(20, mismatches.size()))));
    }

    private static byte[] candidate(Random r) {
        byte[] b = new byte[20];
        int p = 0;
        if (r.nextInt(5) == 0) b[p++] = 0x66;
        if (r.nextInt(20) == 0) b[p++] = 0x67;
        if (r.nextInt(7) == 0) b[p++] = (byte) (r.nextBoolean() ? 0xF2 : 0xF3);
        if (r.nextInt(30) == 0) b[p++] = (byte) (r.nextBoolean() ? 0x64 : 0x65);
        if (r.nextInt(3) == 0) b[p++] = (byte) (0x40 + r.nextInt(16));
        switch (r.nextInt(10)) {
            case 0, 1, 2, 3, 4 -> {
                int op;
                do { op = r.nextInt(256); } while (op == 0x0F || isPrefix(op));
                b[p++] = (byte) op;
            }
            case 5, 6, 7 -> { b[p++] = 0x0F; int op; do { op = r.nextInt(256); } while (op == 0x38 || op == 0x3A); b[p++] = (byte) op; }
            case 8 -> { b[p++] = 0x0F; b[p++] = 0x38; b[p++] = (byte) r.nextInt(256); }
            default -> { b[p++] = 0x0F; b[p++] = 0x3A; b[p++] = (byte) r.nextInt(256); }
        }
        while (p < b.length) b[p++] = (byte) r.nextInt(256);
        return b;
    }

    private static boolean isPrefix(int b) {
        return b == 0x66 || b == 0x67 || b == 0xF0 || b == 0xF2 || b == 0xF3 || b == 0x2E || b == 0x36 || b == 0x3E || b == 0x26
                || b == 0x64 || b == 0x65 || (b & 0xF0) == 0x40;
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < n; k++) sb.append(String.format("%02x ", b[k] & 0xFF));
        return sb.toString().trim();
    }

    private static String exec(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out.substring(0, Math.min(2000, out.length())));
        return out;
    }
}
