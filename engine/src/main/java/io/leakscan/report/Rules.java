package io.leakscan.report;

import io.leakscan.analysis.FindingKind;
import io.leakscan.analysis.Severity;

import java.util.List;

/**
 * What each finding kind means and how to fix it in general, for SARIF rules, the HTML report and JUnit. The fix a
 * finding carries is specific to it; this is the kind-level help text.
 */
record Rules(FindingKind kind, String name, String shortDescription, String fullDescription, String help,
             Severity defaultSeverity, Integer cwe, List<String> tags) {

    static Rules of(FindingKind kind) {
        return switch (kind) {
            case GOROUTINE_LEAK -> new Rules(kind, "GoroutineLeak",
                    "Goroutines leak with every request",
                    "The number of goroutines grows with the requests in every load round and does not return to "
                            + "the baseline after the settle window: each request leaves goroutines behind forever.",
                    "Find the goroutine's stack below and make it end: give it the request's context "
                            + "(`c.Request().Context()`) and return on `<-ctx.Done()`, close or drain the channel "
                            + "it waits on, and `defer resp.Body.Close()` on outgoing HTTP calls.",
                    Severity.HIGH, 401, List.of("reliability", "memory", "goroutine-leak"));
            case LINGERING_GOROUTINES -> new Rules(kind, "LingeringGoroutines",
                    "Goroutines outlive the response",
                    "Goroutines started for a request keep running for seconds after the response was sent (and "
                            + "after the client went away), then end. Under load they pile up in proportion to the "
                            + "request rate: work that does not look at the request context.",
                    "Derive the background work's context from the request: `ctx, cancel := "
                            + "context.WithTimeout(c.Request().Context(), d)`, `defer cancel()`, pass `ctx` to the "
                            + "goroutine and select on `ctx.Done()`. Work that must outlive the request belongs in a "
                            + "bounded worker pool, not a goroutine per request.",
                    Severity.MEDIUM, 400, List.of("reliability", "goroutine-leak", "context"));
            case ABORT_IGNORED -> new Rules(kind, "AbortIgnored",
                    "The handler keeps working after the client aborted",
                    "Goroutines are retained in proportion to the requests the scanner aborted: the handler does "
                            + "not notice that its client went away (no check of the request context, write errors "
                            + "ignored), so a client that disconnects leaves work running.",
                    "In long-running and streaming handlers select on `c.Request().Context().Done()` in every loop "
                            + "iteration and return when it fires; check the error of every `Write`/`Flush`; wrap "
                            + "slow handlers with Echo's `middleware.ContextTimeout`.",
                    Severity.HIGH, 772, List.of("reliability", "goroutine-leak", "context", "security"));
            case HEAP_GROWTH -> new Rules(kind, "HeapGrowth",
                    "Retained heap grows per request",
                    "The heap measured right after a forced GC keeps its slope per request across rounds without "
                            + "a plateau: something reachable from a long-lived object grows with every request.",
                    "Look for package-level maps, slices and caches that requests append to; bound them (an LRU "
                            + "with a size limit, a TTL) or scope the data to the request. Reuse clients and pools "
                            + "(one shared `*sql.DB`, one `http.Client`) instead of creating them per request.",
                    Severity.HIGH, 401, List.of("reliability", "memory", "heap"));
            case KEY_CARDINALITY_GROWTH -> new Rules(kind, "KeyCardinalityGrowth",
                    "Memory grows per distinct client-controlled key",
                    "Memory grows with the number of distinct values of a key the client controls (X-Forwarded-For, "
                            + "X-Real-IP, a query parameter, a path segment) and not with repeated requests using "
                            + "one key: an attacker can exhaust memory by varying the key.",
                    "Bound per-key state (an expiring store such as Echo's rate limiter memory store with "
                            + "`ExpiresIn`, an LRU with a size cap) and do not trust forwarded headers: configure "
                            + "`e.IPExtractor = echo.ExtractIPFromXFFHeader(trustOptions...)` or `ExtractIPDirect()`.",
                    Severity.HIGH, 400, List.of("security", "memory", "denial-of-service"));
            case FD_LEAK -> new Rules(kind, "FdLeak",
                    "Open file descriptors grow per request",
                    "The process's open file descriptors grow with the requests: connections or files are opened "
                            + "and not closed.",
                    "`defer resp.Body.Close()` after every successful outgoing request and read the body to the "
                            + "end; `defer f.Close()` on files; open a `*sql.DB` once at start-up and share it "
                            + "instead of `sql.Open` and `Close` per request.",
                    Severity.HIGH, 775, List.of("reliability", "file-descriptor-leak"));
            case LATENCY_DRIFT -> new Rules(kind, "LatencyDrift",
                    "Latency rises round over round",
                    "The endpoint answers slower in every load round at the same rate and concurrency: a secondary "
                            + "sign of a growing data structure, lock contention or resource exhaustion.",
                    "Look at what grows between rounds (goroutines, heap, connections); profile the endpoint with "
                            + "`/debug/pprof/profile` while under load.",
                    Severity.LOW, null, List.of("reliability", "performance"));
            case PROFILING_EXPOSED -> new Rules(kind, "ProfilingExposed",
                    "Profiling endpoints answer without credentials",
                    "`/debug/pprof` or `/debug/vars` is readable by anyone who can reach the service: stacks, "
                            + "command line and memory statistics leak, and CPU profiles can be started remotely.",
                    "Serve profiling on a separate listener bound to localhost, or put the routes in an "
                            + "`e.Group(\"/debug\", authMiddleware)`; never mount `http.DefaultServeMux` on the "
                            + "public router.",
                    Severity.MEDIUM, 200, List.of("security", "information-exposure"));
            case TARGET_RESTARTED -> new Rules(kind, "TargetRestarted",
                    "The target restarted during the scan",
                    "The process start time or counters reset mid-scan: the measurements around it are invalid, and "
                            + "a restart while memory was climbing suggests an out-of-memory kill.",
                    "Check the service's logs and the container's OOM-kill events around the scan; rerun the scan "
                            + "once the service stays up.",
                    Severity.HIGH, 400, List.of("reliability", "crash"));
        };
    }

    /** SARIF's reportingConfiguration level for a severity. */
    static String sarifLevel(Severity severity) {
        return switch (severity) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }

    /** GitHub code scanning's 0-10 {@code security-severity} for a severity. */
    static String securitySeverity(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "9.5";
            case HIGH -> "7.5";
            case MEDIUM -> "5.0";
            case LOW -> "3.0";
            case INFO -> "0.0";
        };
    }
}
