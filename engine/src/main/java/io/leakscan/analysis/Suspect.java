package io.leakscan.analysis;

import io.leakscan.target.EndpointRef;

import java.util.ArrayList;
import java.util.List;

/**
 * A leak seen under one endpoint, before scope resolution merges the same leak seen under several endpoints into
 * one {@link Finding}.
 *
 * @param key        identity of the leak across endpoints: the kind plus its stack site when known
 * @param pattern    the idiom that was missed, for remediation and titles
 * @param perRequest growth per request in the series' unit (0 when not applicable)
 * @param lifetime   seconds a lingering resource outlived its request (0 when not applicable)
 * @param keySource  KEY_CARDINALITY_GROWTH: the key that varied ("header X-Forwarded-For"); PROFILING_EXPOSED:
 *                   the exposed paths; null otherwise
 * @param input      a leak seen only under requests with a wrong input: what each such request was, as a title says
 *                   it ("rejected (400) request with a malformed JSON body"); null for the others
 */
record Suspect(FindingKind kind, EndpointRef endpoint, String key, Pattern pattern, String series,
               List<Figure> figures, List<Stacks.Grown> stacks, double confidence, List<String> reasons,
               double perRequest, double lifetime, String keySource, String input) {

    Suspect {
        figures = List.copyOf(figures);
        stacks = List.copyOf(stacks);
        reasons = List.copyOf(reasons);
    }

    /** A leak under the endpoint's own requests (or its aborts, or its keys). */
    Suspect(FindingKind kind, EndpointRef endpoint, String key, Pattern pattern, String series, List<Figure> figures,
            List<Stacks.Grown> stacks, double confidence, List<String> reasons, double perRequest, double lifetime,
            String keySource) {
        this(kind, endpoint, key, pattern, series, figures, stacks, confidence, reasons, perRequest, lifetime,
                keySource, null);
    }

    Suspect withConfidence(double value, String reason) {
        List<String> r = new ArrayList<>(reasons);
        r.add(reason);
        return new Suspect(kind, endpoint, key, pattern, series, figures, stacks, value, r, perRequest, lifetime,
                keySource, input);
    }

    Suspect withFigure(Figure f) {
        List<Figure> fs = new ArrayList<>(figures);
        fs.add(f);
        return new Suspect(kind, endpoint, key, pattern, series, fs, stacks, confidence, reasons, perRequest,
                lifetime, keySource, input);
    }
}
