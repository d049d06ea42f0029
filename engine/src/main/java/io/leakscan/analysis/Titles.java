package io.leakscan.analysis;

import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.parse.Frame;

import java.util.List;
import java.util.Locale;

import static io.leakscan.analysis.GoroutineDetector.round;

/** One-line titles a Go developer understands: who leaks what, per what, and where it waits. */
final class Titles {

    private Titles() {
    }

    static String of(FindingKind kind, Scope scope, Suspect rep, List<EndpointRef> affected, String prefix) {
        String who = switch (scope) {
            case MIDDLEWARE -> "Middleware on every route";
            case ROUTE_GROUP -> "Routes under " + prefix + " (" + affected.size() + " routes)";
            case HANDLER, APPLICATION -> rep.endpoint() == null ? "The application" : rep.endpoint().toString();
        };
        boolean plural = scope == Scope.ROUTE_GROUP;
        String where = where(rep);
        return switch (kind) {
            case GOROUTINE_LEAK -> who + (plural ? " leak " : " leaks ") + perRequest(rep.perRequest(), "goroutine")
                    + " per " + per(rep, "aborted client") + where;
            case LINGERING_GOROUTINES -> who + (plural ? " leave " : " leaves ")
                    + perRequest(rep.perRequest(), "goroutine") + " per " + per(rep, "aborted client") + " running "
                    + round(rep.lifetime()) + " s after the response" + where;
            case ABORT_IGNORED -> who + (plural ? " keep " : " keeps ") + "working after the client aborts: "
                    + perRequest(rep.perRequest(), "goroutine") + " per aborted request "
                    + (rep.lifetime() > 0 ? "for " + round(rep.lifetime()) + " s" : "retained for good") + where;
            case HEAP_GROWTH -> who + (plural ? " retain " : " retains ") + bytes(rep.perRequest())
                    + " of heap per " + per(rep, "aborted client")
                    + (gcCycles(rep) ? ", growing GC cycle after GC cycle" : ", growing in every round");
            case KEY_CARDINALITY_GROWTH -> who + (plural ? " retain " : " retains ")
                    + ("GOROUTINES".equals(rep.series()) ? perRequest(rep.perRequest(), "goroutine")
                    : bytes(rep.perRequest())) + " per distinct " + rep.keySource() + ", never evicted";
            case FD_LEAK -> who + (plural ? " leak " : " leaks ") + round(rep.perRequest())
                    + " open file descriptor(s) per " + per(rep, "aborted client");
            case LATENCY_DRIFT -> who + ": latency rises in every round (+" + round(rep.perRequest()) + " ms/round)";
            case PROFILING_EXPOSED -> "Profiling endpoints readable without credentials: " + rep.keySource();
            case TARGET_RESTARTED -> "Target restarted during the scan"
                    + (rep.perRequest() > 0 ? " after memory climbed (likely out-of-memory kill)" : "")
                    + (rep.endpoint() == null ? "" : " while " + rep.endpoint() + " was tested");
        };
    }

    /** Judged from the GC's own per-cycle figures rather than after a forced GC. */
    private static boolean gcCycles(Suspect rep) {
        return rep.figures().stream().anyMatch(f -> f.name().equals("gcCycles"));
    }

    /** What the leak is per: the wrong input's rejected request, an aborted request ({@code aborted}), or a request. */
    private static String per(Suspect rep, String aborted) {
        return rep.input() != null ? rep.input() : aborted(rep) ? aborted : "request";
    }

    private static boolean aborted(Suspect rep) {
        return rep.figures().stream().anyMatch(f -> f.name().equals("abortedRequests"));
    }

    private static String where(Suspect rep) {
        if (rep.stacks().isEmpty()) {
            return "";
        }
        StackEvidence top = rep.stacks().getFirst().evidence();
        Frame site = top.leakSite();
        if (site == null) {
            return "";
        }
        String state = top.waitState() == null ? "" : " in " + top.waitState();
        String file = site.file() == null ? site.function() : shortFile(site.file()) + ":" + site.line();
        return ", blocked" + state + " at " + file + " (" + shortFunction(site.function()) + ")";
    }

    private static String shortFile(String file) {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? file : file.substring(slash + 1);
    }

    private static String shortFunction(String fn) {
        int slash = fn.lastIndexOf('/');
        return slash < 0 ? fn : fn.substring(slash + 1);
    }

    private static String perRequest(double v, String noun) {
        if (v >= 0.9 && v <= 1.1) {
            return "one " + noun;
        }
        return String.format(Locale.ROOT, "%.2f %ss", v, noun);
    }

    static String bytes(double b) {
        if (b >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (1024 * 1024));
        }
        if (b >= 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024);
        }
        return Math.round(b) + " bytes";
    }
}
