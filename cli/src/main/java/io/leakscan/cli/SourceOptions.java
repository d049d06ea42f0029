package io.leakscan.cli;

import io.leakscan.report.ReportOptions;
import picocli.CommandLine.Option;

/**
 * {@code --module-dir services/orders} and {@code --source-root /build}: where the scanned Go module's files are, so
 * SARIF, the GitHub annotations and the summary point at the file in the repository. Checked before the scan starts.
 */
final class SourceOptions {

    @Option(names = "--module-dir", paramLabel = "DIR",
            description = "the Go module's folder inside the repository, e.g. services/orders, when it is not the "
                    + "repository's root: put before every source path in the reports")
    String moduleDir;

    @Option(names = "--source-root", paramLabel = "PATH",
            description = "the module's root as compiled into the binary, e.g. /build (default: told from the "
                    + "stacks' import paths, or the cmd/ layout)")
    String sourceRoot;

    /** The report options these give; exit 2 naming the option when one is malformed. */
    ReportOptions reportOptions() {
        if (sourceRoot != null && !sourceRoot.replace('\\', '/').startsWith("/")
                && !sourceRoot.matches("^[A-Za-z]:[\\\\/].*")) {
            throw CliException.usage("--source-root must be an absolute path as compiled into the binary (the "
                    + "files in the goroutine stacks), e.g. /build: " + sourceRoot);
        }
        try {
            return new ReportOptions(sourceRoot, null, moduleDir);
        } catch (IllegalArgumentException e) {
            throw CliException.usage((moduleDir != null && e.getMessage().contains("module") ? "--module-dir: "
                    : "--source-root: ") + e.getMessage());
        }
    }

    /** True when the reports must be rendered here: the server renders with its defaults. */
    boolean set() {
        return moduleDir != null || sourceRoot != null;
    }
}
