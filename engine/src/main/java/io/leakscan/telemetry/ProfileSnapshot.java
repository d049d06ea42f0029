package io.leakscan.telemetry;

import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.parse.GoroutineDump;

/** A goroutine profile taken on request, tagged with the scan's position, for the detectors and the evidence. */
public record ProfileSnapshot(String label, String phase, EndpointRef endpoint, GoroutineDump dump) {
}
