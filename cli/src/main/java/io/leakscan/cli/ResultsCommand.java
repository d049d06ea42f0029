package io.leakscan.cli;

import io.leakscan.analysis.Severity;
import io.leakscan.baseline.Baseline;
import io.leakscan.report.ReportFormat;
import io.leakscan.report.ReportOptions;
import io.leakscan.report.ScanReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code leakscan results ID --server URL}: a finished scan's reports, with the same exit codes as a scan. */
@Command(name = "results", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = "Fetch the reports of a scan from a Leakscan service.",
        footer = {"", "Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or "
                + "configuration error (401, unknown scan), 3 the scan did not complete or is not finished yet."})
final class ResultsCommand implements Callable<Integer>, Debuggable {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCAN_ID", description = "the id the service gave the scan")
    String scanId;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "the Leakscan service")
    String server;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:LEAKSCAN_API_KEY}",
            description = "the service's API key (default: $LEAKSCAN_API_KEY)")
    String apiKey;

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    List<FormatOutput> outputs = new ArrayList<>();

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "high",
            description = "exit 1 on a new finding this severe or worse (default: ${DEFAULT-VALUE}); findings in "
                    + "the baseline do not count")
    String failOn;

    @Mixin
    BaselineOptions baselineOptions = new BaselineOptions();

    @Mixin
    SourceOptions sourceOptions = new SourceOptions();

    @Option(names = {"-q", "--quiet"}, description = "no default summary; only the --format outputs")
    boolean quiet;

    @Option(names = "--no-color", description = "no colours in the summary")
    boolean noColor;

    @Option(names = "--debug", description = "stack traces on stderr")
    boolean debug;

    private final Terminal terminal;

    ResultsCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public boolean debug() {
        return debug;
    }

    @Override
    public Integer call() {
        if (debug) {
            Main.configureLogging(true);
        }
        URI serverUri = Inputs.httpUrl("--server URL", server);
        if (apiKey == null || apiKey.isBlank()) {
            throw CliException.usage("--server needs --api-key KEY (or LEAKSCAN_API_KEY in the environment)");
        }
        Severity threshold = Inputs.failOn(failOn);
        Outputs out = Outputs.of(outputs, !quiet);
        Baseline baseline = baselineOptions.load(Path.of("").toAbsolutePath());
        ReportOptions reportOptions = sourceOptions.reportOptions();
        ServerClient client = new ServerClient(serverUri, apiKey);
        String json = client.report(scanId, ReportFormat.JSON);
        if (json == null) {
            throw CliException.incomplete("scan " + scanId + " has not finished yet (409); try again when it has");
        }
        ScanReport report = ServerScan.parse(json, scanId);
        Summary summary = new Summary(terminal.interactive() && terminal.colorAllowed() && !noColor, reportOptions);
        return Reports.finish(Reports.compare(report, baseline, Clock.systemUTC()), out, (o, r) -> o.format() == null
                        ? summary.render(r)
                        : baseline != null || sourceOptions.set() ? o.format().renderToString(r, reportOptions)
                        : o.format() == ReportFormat.JSON ? json : ServerScan.serverReport(client, scanId, o.format()),
                threshold, spec.commandLine().getOut(), spec.commandLine().getErr(), quiet);
    }
}
