package io.leakscan.cli;

import io.leakscan.analysis.Severity;
import io.leakscan.analysis.Verdict;
import io.leakscan.baseline.Baseline;
import io.leakscan.engine.ScanEnd;
import io.leakscan.report.ScanReport;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/** What both {@code scan} and {@code results} do with a finished report: write the outputs, pick the exit code. */
final class Reports {

    private Reports() {
    }

    /**
     * 3 when the scan did not complete (whatever it found before stopping), else 1 when a finding is at or above
     * {@code failOn} (null: never), else 0.
     */
    static int exitCode(ScanReport r, Severity failOn) {
        return exitCode(r, failOn, false);
    }

    /** As above, and 1 for an INCONCLUSIVE verdict when {@code failOnInconclusive}: "no telemetry" must not pass CI. */
    static int exitCode(ScanReport r, Severity failOn, boolean failOnInconclusive) {
        if (r.scan().status() != ScanEnd.SUCCEEDED) {
            return ExitCodes.INCOMPLETE;
        }
        if (failOnInconclusive && r.verdict() == Verdict.INCONCLUSIVE) {
            return ExitCodes.FINDINGS;
        }
        return failOn != null && r.hasFindingsAtLeast(failOn) ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /** The report compared with the baseline (on the clock's UTC day), or as it is when there is none. */
    static ScanReport compare(ScanReport r, Baseline baseline, Clock clock) {
        return baseline == null ? r : r.withBaseline(baseline, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    }

    /** Writes the outputs, then says on stderr why the exit code is not 0 (one line). */
    static int finish(ScanReport r, Outputs outputs, Outputs.Renderer renderer, Severity failOn, PrintWriter out,
                      PrintWriter err, boolean quiet) {
        return finish(r, outputs, renderer, failOn, false, out, err, quiet);
    }

    static int finish(ScanReport r, Outputs outputs, Outputs.Renderer renderer, Severity failOn,
                      boolean failOnInconclusive, PrintWriter out, PrintWriter err, boolean quiet) {
        outputs.write(r, renderer, out);
        int code = exitCode(r, failOn, failOnInconclusive);
        if (code == ExitCodes.INCOMPLETE) {
            err.println("leakscan: the scan did not complete (" + r.scan().failure().code() + "): "
                    + r.scan().failure().message());
        } else if (code == ExitCodes.FINDINGS && failOnInconclusive
                && r.verdict() == Verdict.INCONCLUSIVE
                && (failOn == null || !r.hasFindingsAtLeast(failOn))) {
            err.println("leakscan: the verdict is INCONCLUSIVE and --fail-on-inconclusive is set (exit 1)");
        } else if (code == ExitCodes.FINDINGS && !quiet) {
            long n = r.newFindings().stream().filter(f -> f.severity().atLeast(failOn)).count();
            err.println("leakscan: " + n + (r.baseline() == null ? "" : " new") + " finding" + (n == 1 ? "" : "s")
                    + " at or above " + failOn.name().toLowerCase(Locale.ROOT) + " (exit 1)" + known(r));
        } else if (code == ExitCodes.OK && !quiet && r.baseline() != null && r.baseline().knownCount() > 0) {
            err.println("leakscan: no new finding at or above " + (failOn == null ? "none"
                    : failOn.name().toLowerCase(Locale.ROOT)) + known(r));
        }
        err.flush();
        return code;
    }

    private static String known(ScanReport r) {
        if (r.baseline() == null || r.baseline().knownCount() == 0) {
            return "";
        }
        long k = r.baseline().knownCount();
        return "; " + k + " known finding" + (k == 1 ? "" : "s") + " from the baseline " + (k == 1 ? "does" : "do")
                + " not count";
    }
}
