package io.leakscan.analysis;

/** Echo-specific fixes, naming the idiom that was missed, per finding kind and stack pattern. */
final class Remediation {

    private Remediation() {
    }

    static String of(FindingKind kind, Pattern pattern, Scope scope, String keySource) {
        return switch (kind) {
            case GOROUTINE_LEAK, LINGERING_GOROUTINES -> goroutines(pattern, scope);
            case ABORT_IGNORED -> pattern == Pattern.RESPONSE_BODY_NOT_CLOSED || pattern == Pattern.SQL_DB_PER_REQUEST
                    ? goroutines(pattern, scope) : STREAM;
            case HEAP_GROWTH -> "Something keeps a reference to per-request data for good: a package-level slice or "
                    + "map that is only appended to, a cache without eviction, or state held by leaked goroutines. "
                    + "Bound it: an LRU with a maximum size and eviction (e.g. hashicorp/golang-lru), a TTL, or a "
                    + "ring buffer; copy only what you need out of the request. If goroutines leak too, fix those "
                    + "first: their buffers are part of this heap.";
            case KEY_CARDINALITY_GROWTH -> "State is kept per " + (keySource == null ? "client key" : keySource)
                    + " and never evicted, so a client can grow it without bound by sending new values. If the key "
                    + "is the client IP, do not let Echo trust client headers: set e.IPExtractor = "
                    + "echo.ExtractIPDirect() (no proxy), or echo.ExtractIPFromXFFHeader(echo.TrustIPRange(proxyNet)) "
                    + "behind your own proxy, so c.RealIP() cannot be forged with X-Forwarded-For/X-Real-IP. Either "
                    + "way bound the map: an LRU or a TTL sweep (Echo's middleware.RateLimiter with "
                    + "NewRateLimiterMemoryStoreWithConfig and ExpiresIn does this for rate limits).";
            case FD_LEAK -> pattern == Pattern.SQL_DB_PER_REQUEST ? SQL : pattern == Pattern.RESPONSE_BODY_NOT_CLOSED
                    ? BODY : "File descriptors are opened per request and not closed: close what you open on every "
                    + "path with defer (defer f.Close(), defer rows.Close(), defer resp.Body.Close() after draining "
                    + "it), share one *sql.DB and one *http.Client across requests instead of creating them in handlers.";
            case LATENCY_DRIFT -> "Latency rises round over round, which usually means work piling up: goroutines "
                    + "or connections that are not released, lock contention on a growing structure, or a pool "
                    + "exhausted. Bound request work with middleware.ContextTimeout and pass c.Request().Context() "
                    + "to every call; expose pprof (behind auth) so a scan can see goroutines and heap.";
            case PROFILING_EXPOSED -> "Profiling and memory endpoints reveal stacks, source paths, command line and "
                    + "memory layout to anyone, and profiling can be used to load the process. Protect them: mount "
                    + "them on a group with auth middleware (g := e.Group(\"/debug\", middleware.BasicAuth(...)) or "
                    + "middleware.KeyAuth), or serve them on a separate admin listener bound to localhost "
                    + "(go http.ListenAndServe(\"127.0.0.1:6060\", pprofMux)), never on the public *echo.Echo. Then point "
                    + "Leakscan at that listener: --telemetry-url http://127.0.0.1:6060 on the command line, "
                    + "telemetry.baseUrl in the API.";
            case TARGET_RESTARTED -> "The process restarted while it was being scanned. If memory was climbing "
                    + "before, it was most likely killed for running out of memory (check the container's OOMKilled "
                    + "status or dmesg): fix the leaks reported here and set GOMEMLIMIT below the container limit. "
                    + "Re-run the scan on a stable process to measure cleanly.";
        };
    }

    private static String goroutines(Pattern pattern, Scope scope) {
        return switch (pattern) {
            case ORPHANED_WORK -> (scope == Scope.MIDDLEWARE || scope == Scope.ROUTE_GROUP
                    ? "The goroutine your middleware starts per request ignores the request context. " : "The "
                    + "goroutine started per request ignores the request context. ")
                    + "Derive a bounded context from the request and pass it in: ctx, cancel := "
                    + "context.WithTimeout(c.Request().Context(), 2*time.Second); defer cancel(); go func(ctx "
                    + "context.Context) { select { case <-ctx.Done(): return; case <-time.After(d): /* work */ } }(ctx). "
                    + "For work that must outlive the response, hand it to a bounded worker pool instead of a "
                    + "goroutine per request.";
            case STREAM_IGNORES_CONTEXT -> STREAM;
            case RESPONSE_BODY_NOT_CLOSED -> BODY;
            case SQL_DB_PER_REQUEST -> SQL;
            case CHAN_SEND_BLOCKED -> "A goroutine blocks forever sending its result on a channel the handler stopped "
                    + "reading (after a timeout). Make the send unable to block: a buffered channel of one "
                    + "(ch := make(chan T, 1)), or select { case ch <- v: case <-ctx.Done(): } with ctx from "
                    + "c.Request().Context(); better, pass that ctx into the slow call so it stops too "
                    + "(context.WithTimeout(c.Request().Context(), budget)).";
            case CHAN_RECEIVE_BLOCKED -> "A goroutine waits forever on a channel that nothing closes or sends to. Tie "
                    + "its lifetime to the request: select on c.Request().Context().Done() as well, or close the "
                    + "channel (defer close(done)) on every path that ends the work"
                    + (scope == Scope.ROUTE_GROUP ? "; the middleware of this route group starts it per request." : ".");
            case GENERIC -> "Goroutines started per request do not end. Pass c.Request().Context() (or "
                    + "context.WithTimeout(c.Request().Context(), ...)) into every goroutine and blocking call and "
                    + "return on ctx.Done(); bound handlers with Echo's middleware.ContextTimeout.";
        };
    }

    private static final String STREAM = "The handler keeps running after the client went away: it never checks "
            + "the request context and ignores write errors. Loop on select { case <-c.Request().Context().Done(): "
            + "return nil; case <-ticker.C: } , return on the first failed c.Response().Write, and call "
            + "c.Response().Flush() after each event so a dead connection is noticed. For slow work pass "
            + "c.Request().Context() down (QueryRowContext, http.NewRequestWithContext) or use "
            + "middleware.ContextTimeout.";

    private static final String BODY = "Response bodies of outgoing HTTP calls are never closed, so each keeps its "
            + "connection, the transport's readLoop/writeLoop goroutines and a socket. After client.Do/Get always "
            + "defer resp.Body.Close() (drain it first with io.Copy(io.Discard, resp.Body) so the connection is "
            + "reused); share one *http.Client with a Timeout, and build requests with "
            + "http.NewRequestWithContext(c.Request().Context(), ...).";

    private static final String SQL = "A *sql.DB is opened per request: each starts a connectionOpener goroutine and "
            + "holds connections (file descriptors) until Close, and closing it per request throws the pool away. "
            + "Open one shared *sql.DB at start-up, size it with db.SetMaxOpenConns(25), db.SetMaxIdleConns(5) and "
            + "db.SetConnMaxLifetime(5*time.Minute), and query with db.QueryRowContext(c.Request().Context(), ...); "
            + "defer rows.Close() on every Query.";
}
