/** JMH benchmarks of the engine's telemetry parsers at scale; bench/telemetry-parsers.sh runs them. */
package io.leakscan.bench;
