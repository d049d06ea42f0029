package io.leakscan.cli;

import io.leakscan.analysis.Severity;
import io.leakscan.engine.ScanEnd;
import io.leakscan.report.ScanReport;

import java.io.PrintWriter;

/** What both {@code scan} and {@code results} do with a finished report: write the outputs, pick the exit code. */
final class Reports {

    private Reports() {
    }

    /**
     * 3 when the scan did not complete (whatever it found before stopping), else 1 when a finding is at or above
     * {@code failOn} (null: never), else 0.
     */
    static int exitCode(ScanReport r, Severity failOn) {
        if (r.scan().status() != ScanEnd.SUCCEEDED) {
            return ExitCodes.INCOMPLETE;
        }
        return failOn != null && r.hasFindingsAtLeast(failOn) ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /** Writes the outputs, then says on stderr why the exit code is not 0 (one line). */
    static int finish(ScanReport r, Outputs outputs, Outputs.Renderer renderer, Severity failOn, PrintWriter out,
                      PrintWriter err, boolean quiet) {
        outputs.write(r, renderer, out);
        int code = exitCode(r, failOn);
        if (code == ExitCodes.INCOMPLETE) {
            err.println("leakscan: the scan did not complete (" + r.scan().failure().code() + "): "
                    + r.scan().failure().message());
        } else if (code == ExitCodes.FINDINGS && !quiet) {
            long n = r.findings().stream().filter(f -> f.severity().atLeast(failOn)).count();
            err.println("leakscan: " + n + " finding" + (n == 1 ? "" : "s") + " at or above "
                    + failOn.name().toLowerCase(java.util.Locale.ROOT) + " (exit 1)");
        }
        err.flush();
        return code;
    }
}
