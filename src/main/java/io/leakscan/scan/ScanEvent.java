package io.leakscan.scan;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.UUID;

/** Data of one Server-Sent Event: the scan's state after a change. */
@Schema(name = "ScanEvent")
@JsonInclude(JsonInclude.Include.NON_NULL)
record ScanEvent(UUID id, ScanStatus status, String phase, int progress, ScanResource.Failure failure, long version) {
}
