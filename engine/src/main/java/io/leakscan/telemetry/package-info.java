/**
 * Reading a Go target's own telemetry: discovering which pprof, expvar, Prometheus and memory endpoints it serves
 * and sampling them on a schedule into normalized signals and profile snapshots.
 */
package io.leakscan.telemetry;
