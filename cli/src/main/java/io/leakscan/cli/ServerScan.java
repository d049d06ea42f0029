package io.leakscan.cli;

import io.leakscan.analysis.Severity;
import io.leakscan.baseline.Baseline;
import io.leakscan.report.ReportFormat;
import io.leakscan.report.ReportJson;
import io.leakscan.report.ReportOptions;
import io.leakscan.report.ScanReport;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/** {@code leakscan scan --server}: submits the scan to a Leakscan service, waits for it and fetches its report. */
final class ServerScan {

    static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    /** How long to wait for a server scan when no --max-duration is given: the service's own scan timeout. */
    static final Duration DEFAULT_SERVER_WAIT = Duration.ofMinutes(45);

    private final ServerClient client;
    /** The --server value as the user gave it, for the messages that tell them how to come back. */
    private final String server;
    private final Clock clock;
    private final boolean quiet;

    ServerScan(ServerClient client, String server, Clock clock, boolean quiet) {
        this.client = client;
        this.server = server;
        this.clock = clock;
        this.quiet = quiet;
    }

    /**
     * Submits the scan, follows it to its end, and renders its report as a local scan would.
     *
     * @param reportOptions source paths to render with here (the server renders with its defaults); null for none
     */
    int run(ScanSettings settings, Outputs out, Summary summary, Severity threshold, boolean failOnInconclusive,
            Baseline baseline, ReportOptions reportOptions, Progress progress, PrintWriter stdout,
            PrintWriter stderr) {
        String id = client.submit(settings);
        if (!quiet) {
            stderr.println("leakscan: submitted scan " + id + " to " + server);
            stderr.flush();
        }
        Duration wait = settings.maxDuration() == null ? DEFAULT_SERVER_WAIT
                : settings.maxDuration().plus(Duration.ofMinutes(2));
        Instant deadline = clock.instant().plus(wait);
        ScanReport report;
        try {
            JsonNode status = client.status(id);
            while (!TERMINAL.contains(status.path("status").asString(""))) {
                progress.serverStatus(status.path("status").asString(""), status.path("phase").asString(null),
                        status.path("progress").asInt(0));
                pause(deadline, id);
                status = client.status(id);
            }
            progress.serverStatus(status.path("status").asString(""), status.path("phase").asString(null), 100);
            report = fetchReport(id, deadline);
        } finally {
            progress.done();
        }
        if (report.inventory() == null && settings.inventory() != null) {
            // the description was read here and its endpoints submitted: the server never saw what was skipped
            report = report.withInventory(settings.inventory());
        }
        // with a baseline or source paths every format is rendered here, from the compared report; the server's
        // know neither
        return Reports.finish(Reports.compare(report, baseline, clock), out, (o, r) -> o.format() == null
                ? summary.render(r)
                : o.format() == ReportFormat.JSON || baseline != null || reportOptions != null
                ? o.format().renderToString(r, reportOptions == null ? ReportOptions.defaults() : reportOptions)
                : serverReport(client, id, o.format()), threshold, failOnInconclusive, stdout, stderr, quiet);
    }

    private void pause(Instant deadline, String id) {
        if (clock.instant().isAfter(deadline)) {
            throw CliException.incomplete("scan " + id + " did not finish in time; fetch it later with "
                    + "'leakscan results " + id + " --server " + server + "'");
        }
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.incomplete("interrupted while waiting for scan " + id + " (it keeps running on the "
                    + "server)");
        }
    }

    /** The JSON report; a 409 right after the scan ended means the report is still being written. */
    private ScanReport fetchReport(String id, Instant deadline) {
        String json = client.report(id, ReportFormat.JSON);
        while (json == null) {
            pause(deadline, id);
            json = client.report(id, ReportFormat.JSON);
        }
        return parse(json, id);
    }

    static ScanReport parse(String json, String id) {
        try {
            return ReportJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            throw new CliException(ExitCodes.INCOMPLETE, "cannot read the JSON report of scan " + id + ": "
                    + e.getMessage(), e);
        }
    }

    static String serverReport(ServerClient client, String id, ReportFormat format) {
        String body = client.report(id, format);
        if (body == null) {
            throw CliException.incomplete("the server has no " + format.name().toLowerCase(Locale.ROOT)
                    + " report for scan " + id + " yet (409)");
        }
        return body;
    }
}
