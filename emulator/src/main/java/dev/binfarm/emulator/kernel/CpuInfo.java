package dev.binfarm.emulator.kernel;

/** The text of /proc/cpuinfo for the emulated CPU: one processor, the model CPUID reports. */
final class CpuInfo {
    private CpuInfo() { }

    static String text() {
        return "processor\t: 0\n"
                + "vendor_id\t: GenuineIntel\n"
                + "cpu family\t: 6\n"
                + "model\t\t: 58\n"
                + "model name\t: binfarm virtual x86-64 CPU @ 2.00GHz\n"
                + "stepping\t: 9\n"
                + "cpu MHz\t\t: 2000.000\n"
                + "cache size\t: 8192 KB\n"
                + "physical id\t: 0\n"
                + "siblings\t: 1\n"
                + "core id\t\t: 0\n"
                + "cpu cores\t: 1\n"
                + "fpu\t\t: yes\n"
                + "flags\t\t: fpu tsc cx8 cmov clflush mmx fxsr sse sse2 syscall nx lm pni ssse3 cx16 movbe popcnt lahf_lm abm\n"
                + "bogomips\t: 4000.00\n"
                + "clflush size\t: 64\n"
                + "cache_alignment\t: 64\n"
                + "address sizes\t: 39 bits physical, 48 bits virtual\n\n";
    }
}
