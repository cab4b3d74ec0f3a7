package dev.binfarm.cli;

import dev.binfarm.catalog.importer.HostImport;
import dev.binfarm.catalog.importer.HostImporter;
import dev.binfarm.catalog.importer.ImportException;
import dev.binfarm.catalog.importer.LibraryResolver;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code farm catalog import}: binfarm's extract.sh, a host program into a catalog repo. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {
                "Import a program installed on this machine into a local catalog repo (like upstream's extract.sh).",
                "Copies the ELF, its shared libraries (resolved like the host loader: RPATH/RUNPATH, "
                        + "/etc/ld.so.cache, default dirs) and its interpreter into LOCAL_REPO_DIR/NAME/ at their "
                        + "host paths, then commits with git (creating the repo if needed)."})
public final class CatalogImportCommand implements Callable<Integer> {
    @Option(names = "--binary", required = true, paramLabel = "HOST_ELF", description = "The program to import, e.g. /usr/bin/sqlite3.")
    Path binary;

    @Option(names = "--name", paramLabel = "N", description = "App name (folder in the repo); default: the file name of HOST_ELF.")
    String name;

    @Option(names = "--into", required = true, paramLabel = "LOCAL_REPO_DIR", description = "The catalog git repo (created if missing).")
    Path into;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        HostImport imp;
        try {
            imp = new HostImporter(LibraryResolver.host()).importBinary(binary, name, into);
        } catch (ImportException e) {
            throw new UserError(e.getMessage());
        } catch (IOException e) {
            throw new UserError("cannot read the host's library cache: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        int libraries = imp.files().size() - 1 - (imp.interpreter() != null ? 1 : 0);
        out.printf("imported %s (%s, %s, %d %s) into %s at commit %s%n", imp.name(), imp.elf(), imp.kind(),
                libraries, libraries == 1 ? "library" : "libraries", imp.appDir(), imp.commit().substring(0, 12));
        out.flush();
        return 0;
    }
}
