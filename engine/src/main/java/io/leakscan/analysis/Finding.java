package io.leakscan.analysis;

import io.leakscan.target.EndpointRef;

import java.util.Objects;

/**
 * One thing a scan found. This record is the contract that the JSON report, the API, the CLI, the dashboard and
 * webhooks all share: rename nothing lightly.
 *
 * @param kind        what was found
 * @param endpoint    the endpoint it was attributed to, or null for application-wide findings
 * @param scope       handler, route group, middleware or application
 * @param severity    how bad
 * @param confidence  how sure, with reasons
 * @param title       one line a developer understands: "GET /stream leaks one goroutine per aborted client"
 * @param evidence    figures, series and stacks
 * @param remediation the Echo-specific fix, naming the idiom
 * @param cwe         CWE number (401, 772, 400, 200) or null
 */
public record Finding(FindingKind kind, EndpointRef endpoint, Scope scope, Severity severity, Confidence confidence,
                      String title, Evidence evidence, String remediation, Integer cwe) {

    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(remediation, "remediation");
    }
}
