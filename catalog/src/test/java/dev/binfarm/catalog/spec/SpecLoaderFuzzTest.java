package dev.binfarm.catalog.spec;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random mutations of good spec files: the loader returns specs or a SpecException naming a line, nothing else. */
class SpecLoaderFuzzTest {
    static final String ALPHABET = " \n\t:-[]{},#&*!|>'\"%@`?0123456789abcdefxyz/\\.\u00e9\u0000";

    @Test
    void mutatedSpecsNeverThrowAnythingButSpecException() {
        String[] seeds = {SpecLoaderTest.GOOD, SpecBook.class.getResourceAsStream("dynamic-apps.yaml") == null ? "" : read("dynamic-apps.yaml"),
                read("static-pie-apps.yaml"), "a: &x [*x, *x]\nb: *x\n", "apps:\n  a: &a {argv: [/x]}\n  b: *a\n"};
        Random rnd = new Random(20261123);
        int parsed = 0, rejected = 0;
        for (int i = 0; i < 4000; i++) {
            String text = mutate(seeds[i % seeds.length], rnd, 1 + rnd.nextInt(4));
            try {
                SpecLoader.parse("fuzz.yaml", text);
                parsed++;
            } catch (SpecException e) {
                assertTrue(e.getMessage().startsWith("fuzz.yaml:" + e.line() + ": "), e.getMessage());
                assertTrue(e.line() >= 1, e.getMessage());
                rejected++;
            } catch (Throwable t) {
                fail("mutation " + i + " threw " + t + " for input:\n" + text, t);
            }
        }
        assertTrue(parsed > 50 && rejected > 50, "the mutations exercise both paths: parsed " + parsed + ", rejected " + rejected);
    }

    static String read(String resource) {
        try (var in = SpecBook.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String mutate(String s, Random rnd, int times) {
        StringBuilder sb = new StringBuilder(s);
        for (int t = 0; t < times && !sb.isEmpty(); t++) {
            int at = rnd.nextInt(sb.length());
            switch (rnd.nextInt(6)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
                case 2 -> sb.setCharAt(at, ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
                case 3 -> sb.setLength(at);
                case 4 -> { // duplicate a line
                    int start = sb.lastIndexOf("\n", at) + 1;
                    int end = sb.indexOf("\n", start);
                    if (end < 0) end = sb.length();
                    sb.insert(start, sb.substring(start, end) + "\n");
                }
                default -> { // swap a digit run for a huge or negative number
                    sb.insert(at, rnd.nextBoolean() ? "99999999999999999999" : "-1");
                }
            }
        }
        return sb.toString();
    }
}
