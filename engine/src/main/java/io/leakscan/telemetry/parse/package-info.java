/**
 * Bounded, total parsers for what Go telemetry endpoints serve (pprof text and binary profiles, expvar, Prometheus
 * and OpenMetrics, JSON memory documents) and the stack and profile records they build: a hostile or broken body
 * becomes a typed failure, never an exception or an unbounded allocation.
 */
package io.leakscan.telemetry.parse;
