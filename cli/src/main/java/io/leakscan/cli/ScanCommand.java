package io.leakscan.cli;

import io.leakscan.analysis.Severity;
import io.leakscan.baseline.Baseline;
import io.leakscan.engine.ScanEndpoint;
import io.leakscan.inventory.Inventory;
import io.leakscan.inventory.InventorySummary;
import io.leakscan.probe.ScanProfile;
import io.leakscan.report.ReportOptions;
import io.leakscan.target.Endpoint;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code leakscan scan URL}: scans in this process, or with {@code --server} on a Leakscan service. */
@Command(name = "scan", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = "Scan a running Go Echo service for memory and goroutine leaks.",
        footer = {"", "Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or "
                + "configuration error, 3 the scan could not complete."})
final class ScanCommand implements Callable<Integer>, Debuggable {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "URL",
            description = "the service's base URL, e.g. http://127.0.0.1:8080 (or target: in the config file)")
    String url;

    @Option(names = "--config", paramLabel = "FILE",
            description = "read settings from this YAML file; the options given here override it (default: "
                    + "./leakscan.yaml when present)")
    Path config;

    @Option(names = "--no-config", description = "do not read ./leakscan.yaml")
    boolean noConfig;

    @Option(names = "--echo-specific", description = "add Echo-specific probes (X-Forwarded-For key cardinality)")
    boolean echoSpecific;

    @Option(names = "--profile", paramLabel = "PROFILE", defaultValue = "memory",
            description = "quick, memory or deep (default: ${DEFAULT-VALUE})")
    String profile;

    @Option(names = EndpointInputs.ENDPOINT, paramLabel = "\"METHOD /path\"",
            description = "an endpoint to load, e.g. \"GET /users/42\", or \"GET /users/:id /users/42\" to name "
                    + "its Echo route (repeatable; default: GET /)")
    List<String> endpoints = new ArrayList<>();

    @Option(names = EndpointInputs.DATA, paramLabel = "TEXT|@FILE",
            description = "the body of the --endpoint it follows, inline or @FILE; JSON unless --content-type says "
                    + "otherwise")
    List<String> data = new ArrayList<>();

    @Option(names = EndpointInputs.CONTENT_TYPE, paramLabel = "TYPE",
            description = "the type of the preceding --data, e.g. application/x-www-form-urlencoded (default: "
                    + "application/json, checked)")
    List<String> contentTypes = new ArrayList<>();

    @Option(names = "--endpoints-file", paramLabel = "FILE",
            description = "endpoints, one a line in the --endpoint syntax; # comments")
    Path endpointsFile;

    @Option(names = "--openapi", paramLabel = "FILE|URL|auto",
            description = "load the endpoints from the service's OpenAPI or Swagger description: a file, a URL, or "
                    + "auto to look at its well-known paths (/swagger/doc.json, /openapi.json, ...)")
    String openapi;

    @Option(names = "--include", paramLabel = "GLOB",
            description = "with --openapi, load only routes matching a glob, e.g. \"GET /api/v1/*\" (repeatable)")
    List<String> include = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB",
            description = "with --openapi, leave out routes matching a glob, e.g. \"DELETE /api/v1/*\" (repeatable)")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--include-unsafe", description = "with --openapi, also load POST, PUT, PATCH and DELETE "
            + "operations (each request is repeated hundreds of times)")
    boolean includeUnsafe;

    @Option(names = "--header", paramLabel = "\"Name: value\"",
            description = "a header for every request to the target, e.g. its auth (repeatable)")
    List<String> headers = new ArrayList<>();

    @Option(names = "--telemetry-url", paramLabel = "URL",
            description = "read telemetry from this address instead of the URL, e.g. an admin listener "
                    + "http://127.0.0.1:6060; load still goes to the URL")
    String telemetryUrl;

    @Option(names = "--telemetry-header", paramLabel = "\"Name: value\"",
            description = "a header for telemetry requests only (repeatable); with --telemetry-url the --header "
                    + "values are not sent there")
    List<String> telemetryHeaders = new ArrayList<>();

    @Option(names = "--telemetry", paramLabel = "PATH",
            description = "an extra telemetry path to try, e.g. /internal/memstats (repeatable)")
    List<String> telemetry = new ArrayList<>();

    @Option(names = "--rps", paramLabel = "N", description = "at most N requests per second")
    Integer rps;

    @Option(names = "--concurrency", paramLabel = "N", description = "at most N requests in flight")
    Integer concurrency;

    @Option(names = "--max-duration", paramLabel = "DURATION", description = "stop after this long, e.g. 90s, 5m")
    String maxDuration;

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    List<FormatOutput> outputs = new ArrayList<>();

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "high",
            description = "exit 1 on a new finding this severe or worse: critical, high, medium, low, info, none "
                    + "(default: ${DEFAULT-VALUE}); findings in the baseline do not count")
    String failOn;

    @Mixin
    BaselineOptions baselineOptions = new BaselineOptions();

    @Mixin
    SourceOptions sourceOptions = new SourceOptions();

    @Option(names = "--dry-run", description = "print each endpoint and the exact first request it gets (secrets "
            + "masked), and send no load; with --openapi only the description is fetched")
    boolean dryRun;

    @Option(names = "--fail-on-inconclusive",
            description = "exit 1 when the verdict is INCONCLUSIVE (for example no telemetry was found)")
    boolean failOnInconclusive;

    @Option(names = {"-q", "--quiet"}, description = "no progress and no default summary; only the --format outputs")
    boolean quiet;

    @Option(names = "--no-color", description = "no colours in the summary")
    boolean noColor;

    @Option(names = "--debug", description = "stack traces and engine logs on stderr")
    boolean debug;

    @Option(names = "--server", paramLabel = "URL", description = "submit to this Leakscan service instead")
    String server;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:LEAKSCAN_API_KEY}",
            description = "the service's API key (default: $LEAKSCAN_API_KEY)")
    String apiKey;

    /** The config file's endpoints, used when the command line names none. */
    List<ScanEndpoint> configEndpoints = List.of();
    /** The config file's profile parameters; there are no options for them. */
    Tuning tuning = Tuning.NONE;

    private final Terminal terminal;
    private final Clock clock;
    private final Map<String, String> env;
    private final Path cwd;

    ScanCommand(Terminal terminal, Clock clock) {
        this(terminal, clock, System.getenv(), Path.of("").toAbsolutePath());
    }

    ScanCommand(Terminal terminal, Clock clock, Map<String, String> env, Path cwd) {
        this.terminal = terminal;
        this.clock = clock;
        this.env = env;
        this.cwd = cwd;
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
        Path file = ConfigDefaults.locate(config, noConfig, cwd);
        if (file != null) {
            if (config == null && !quiet) {
                spec.commandLine().getErr().println("leakscan: settings from ./" + ConfigFile.DEFAULT_NAME
                        + " (the options given override them; --no-config ignores the file)");
            }
            ConfigDefaults.apply(ConfigFileReader.read(file, env), this, spec.commandLine().getParseResult());
        }
        ScanSettings settings = settings();
        if (dryRun) {
            DryRun.print(settings, spec.commandLine().getOut());
            if (!quiet) {
                // on stderr with the other notes: stdout stays the requests, one per endpoint
                DryRun.plan(settings).ifPresent(spec.commandLine().getErr()::println);
            }
            return ExitCodes.OK;
        }
        Severity threshold = Inputs.failOn(failOn);
        URI serverUri = server == null ? null : Inputs.httpUrl("--server URL", server);
        if (serverUri != null && (apiKey == null || apiKey.isBlank())) {
            throw CliException.usage("--server needs --api-key KEY (or LEAKSCAN_API_KEY in the environment)");
        }
        Outputs out = Outputs.of(outputs, !quiet);
        Baseline baseline = baselineOptions.load(Path.of("").toAbsolutePath());
        ReportOptions reportOptions = sourceOptions.reportOptions();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Progress progress = quiet ? Progress.quiet() : Progress.forStream(stderr, terminal.interactive(), clock);
        Summary summary = new Summary(terminal.interactive() && terminal.colorAllowed() && !noColor, reportOptions);
        if (serverUri == null) {
            try {
                return new LocalScan(clock).run(settings, progress, report -> {
                    progress.done();
                    return Reports.finish(Reports.compare(report, baseline, clock), out,
                            (o, r) -> o.format() == null ? summary.render(r)
                                    : o.format().renderToString(r, reportOptions),
                            threshold, failOnInconclusive, stdout, stderr, quiet);
                });
            } finally {
                progress.done();
            }
        }
        return new ServerScan(new ServerClient(serverUri, apiKey), server, clock, quiet)
                .run(settings, out, summary, threshold, failOnInconclusive, baseline,
                        sourceOptions.set() ? reportOptions : null, progress, stdout, stderr);
    }

    /** Everything the user typed, checked; the first mistake ends the command with exit 2. */
    ScanSettings settings() {
        if (url == null) {
            throw CliException.usage("no target: give its URL, e.g. leakscan scan http://127.0.0.1:8080, or set "
                    + "target: in " + ConfigFile.DEFAULT_NAME);
        }
        URI target = Inputs.httpUrl("URL", url);
        ScanProfile p = Inputs.profile(profile);
        List<ScanEndpoint> eps = new ArrayList<>(EndpointInputs.fromCommandLine(spec.commandLine().getParseResult(),
                Path.of("").toAbsolutePath()));
        if (endpointsFile != null) {
            eps.addAll(EndpointInputs.fromFile(endpointsFile));
        }
        eps.addAll(configEndpoints);
        Map<String, String> targetHeaders = Inputs.headers(headers);
        InventorySummary inventory = null;
        if (openapi != null) {
            Inventory inv = OpenApiInput.resolve(target, targetHeaders, openapi, include, exclude, includeUnsafe,
                    clock);
            if (!quiet) {
                OpenApiInput.describe(inv, spec.commandLine().getErr());
            }
            eps.addAll(inv.endpoints());
            inventory = inv.summary();
        } else if (!include.isEmpty() || !exclude.isEmpty() || includeUnsafe) {
            throw CliException.usage("--include, --exclude and --include-unsafe filter a description: add "
                    + "--openapi FILE|URL|auto");
        }
        if (eps.isEmpty()) {
            eps.add(ScanEndpoint.of(Endpoint.get("/")));
        }
        if (eps.size() > 100) {
            throw CliException.usage("at most 100 endpoints per scan (got " + eps.size() + ")");
        }
        positive("--rps", rps);
        positive("--concurrency", concurrency);
        Duration max = maxDuration == null ? null : Inputs.duration("--max-duration", maxDuration);
        return new ScanSettings(target, List.copyOf(eps), targetHeaders, p, echoSpecific,
                Inputs.telemetryPaths(telemetry), rps, concurrency, max,
                telemetryUrl == null ? null : Inputs.targetUrl("--telemetry-url", telemetryUrl),
                Inputs.headers(telemetryHeaders, "--telemetry-header"), tuning, inventory);
    }

    private static void positive(String option, Integer value) {
        if (value != null && (value < 1 || value > 1_000_000)) {
            throw CliException.usage("invalid " + option + " " + value + ": a whole number from 1 to 1000000");
        }
    }
}
