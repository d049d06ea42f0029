package io.leakscan.analysis;

import java.util.List;

/** The idiom a leak's stack shows was missed; chooses the remediation text. */
enum Pattern {
    /** A goroutine started per request that sleeps or works without the request context. */
    ORPHANED_WORK,
    /** A streaming handler that loops without checking {@code c.Request().Context().Done()}. */
    STREAM_IGNORES_CONTEXT,
    /** An {@code http.Client} response body never closed: transport readLoop/writeLoop goroutines and a socket. */
    RESPONSE_BODY_NOT_CLOSED,
    /** A {@code *sql.DB} opened per request and never closed (connectionOpener goroutine, an open connection). */
    SQL_DB_PER_REQUEST,
    /** A goroutine blocked forever sending on a channel nobody reads any more. */
    CHAN_SEND_BLOCKED,
    /** A goroutine blocked forever receiving from a channel nobody closes. */
    CHAN_RECEIVE_BLOCKED,
    /** Anything else. */
    GENERIC;

    static Pattern of(List<Stacks.Grown> stacks, boolean aborted) {
        if (stacks.isEmpty()) {
            return aborted ? STREAM_IGNORES_CONTEXT : GENERIC;
        }
        Stacks.Grown top = stacks.getFirst();
        if (stacks.stream().anyMatch(g -> g.anyFrame("net/http.(*persistConn)")
                || g.anyFrame("net/http.(*Transport).dialConn"))) {
            return RESPONSE_BODY_NOT_CLOSED;
        }
        if (stacks.stream().anyMatch(g -> g.anyFrame("database/sql.(*DB).connectionOpener"))) {
            return SQL_DB_PER_REQUEST;
        }
        String wait = top.evidence().waitState() == null ? "" : top.evidence().waitState();
        boolean handlerFrame = top.anyFrame("net/http.(*conn).serve");
        if (aborted && handlerFrame) {
            return STREAM_IGNORES_CONTEXT;
        }
        if (top.anyFrame("time.Sleep") || wait.startsWith("sleep")) {
            return ORPHANED_WORK;
        }
        if (top.anyFrame("runtime.chansend") || wait.startsWith("chan send")) {
            return CHAN_SEND_BLOCKED;
        }
        if (top.anyFrame("runtime.chanrecv") || wait.startsWith("chan receive")) {
            return CHAN_RECEIVE_BLOCKED;
        }
        return handlerFrame ? STREAM_IGNORES_CONTEXT : GENERIC;
    }
}
