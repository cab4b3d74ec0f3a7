package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.cpu.Cpuid;

/** The text of /proc/cpuinfo, generated from the same {@link Cpuid} model the CPUID instruction reports. */
final class CpuInfo {
    private CpuInfo() { }

    static String text() {
        return "processor\t: 0\n"
                + "vendor_id\t: " + Cpuid.VENDOR + "\n"
                + "cpu family\t: " + Cpuid.FAMILY + "\n"
                + "model\t\t: " + Cpuid.MODEL + "\n"
                + "model name\t: " + Cpuid.BRAND + "\n"
                + "stepping\t: " + Cpuid.STEPPING + "\n"
                + "cpu MHz\t\t: 2000.000\n"
                + "cache size\t: 8192 KB\n"
                + "physical id\t: 0\n"
                + "siblings\t: 1\n"
                + "core id\t\t: 0\n"
                + "cpu cores\t: 1\n"
                + "fpu\t\t: yes\n"
                + "flags\t\t: " + String.join(" ", Cpuid.flagNames()) + "\n"
                + "bogomips\t: 4000.00\n"
                + "clflush size\t: 64\n"
                + "cache_alignment\t: 64\n"
                + "address sizes\t: 39 bits physical, 48 bits virtual\n\n";
    }
}
