package dev.binfarm.emulator.cpu.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * The one place that lists the differential generators. Generators written by
 * other units (SSE, x87) are picked up by class name when present, so adding
 * one does not require editing this file.
 */
public final class Generators {
    private Generators() { }

    private static final List<String> OPTIONAL = List.of(
            "dev.binfarm.emulator.cpu.diff.SseCases",
            "dev.binfarm.emulator.cpu.diff.X87Cases");

    public static List<CaseGenerator> all() {
        List<CaseGenerator> out = new ArrayList<>();
        out.add(new IntCases());
        out.add(new ControlCases());
        out.add(new StringCases());
        out.add(new SequenceCases());
        out.add(new FlagCases());
        out.add(new EncodingCases());
        out.add(new OpsSequenceCases());
        out.add(new MemoryCases());
        for (String name : OPTIONAL) {
            try {
                out.add((CaseGenerator) Class.forName(name).getDeclaredConstructor().newInstance());
            } catch (ClassNotFoundException e) {
                // not written yet
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create " + name, e);
            }
        }
        return out;
    }
}
