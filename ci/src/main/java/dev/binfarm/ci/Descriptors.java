package dev.binfarm.ci;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * The engine's tree: catalog containers, app containers, one test per cell. Legacy
 * reporting names shape the JUnit XML: a cell's testcase is named {@code runtime/profile}
 * with classname {@code catalog.app}, so CI servers group cells by catalog, then app.
 */
final class Descriptors {
    private Descriptors() { }

    static final String SUITE = "suite", CATALOG = "catalog", APP = "app", CELL = "cell";

    /**
     * The marker class Surefire selected: a container with its class source, because
     * Surefire only reports tests inside a class-sourced container ("test set").
     */
    static final class SuiteDescriptor extends AbstractTestDescriptor {
        SuiteDescriptor(UniqueId parent, String className) {
            super(parent.append(SUITE, className), className, ClassSource.from(className));
        }

        @Override public Type getType() { return Type.CONTAINER; }
    }

    static final class CatalogDescriptor extends AbstractTestDescriptor {
        final String catalog;

        CatalogDescriptor(UniqueId parent, String catalog) {
            super(parent.append(CATALOG, catalog), catalog);
            this.catalog = catalog;
        }

        @Override public Type getType() { return Type.CONTAINER; }
    }

    static final class AppDescriptor extends AbstractTestDescriptor {
        final String catalog, app;

        AppDescriptor(UniqueId parent, String catalog, String app) {
            super(parent.append(APP, app), app);
            this.catalog = catalog;
            this.app = app;
        }

        @Override public Type getType() { return Type.CONTAINER; }

        @Override public String getLegacyReportingName() { return catalog + "." + app; }
    }

    static final class CellDescriptor extends AbstractTestDescriptor {
        final String catalog, app, runtime, profile;

        /** @param suite the marker class under Surefire (the cell gets a method source in it), else null */
        CellDescriptor(UniqueId parent, String catalog, String app, String runtime, String profile, String suite) {
            // The display name is the whole cell: Surefire names testcases by it, so it must be unique.
            super(parent.append(CELL, runtime + "/" + profile), name(catalog, app, runtime, profile),
                    suite == null ? null : MethodSource.from(suite, name(catalog, app, runtime, profile)));
            this.catalog = catalog;
            this.app = app;
            this.runtime = runtime;
            this.profile = profile;
        }

        @Override public Type getType() { return Type.TEST; }

        @Override public String getLegacyReportingName() { return runtime + "/" + profile; }

        static String name(String catalog, String app, String runtime, String profile) {
            return catalog + "/" + app + " on " + runtime + " (" + profile + ")";
        }

        String key() { return key(catalog, app, runtime, profile); }

        static String key(String catalog, String app, String runtime, String profile) {
            return catalog + "\u0000" + app + "\u0000" + runtime + "\u0000" + profile;
        }

        @Override public String toString() { return catalog + "/" + app + " on " + runtime + " (" + profile + ")"; }
    }
}
