package com.example;

/**
 * Stands for the farm's cells: Surefire selects this class and the binfarm engine, seeing
 * its name (configuration key {@code binfarm.suite}), answers with one test per cell.
 * It holds no code; the cells are configured in {@code binfarm-ci.properties}.
 */
public final class BinfarmCells {
    private BinfarmCells() { }
}
