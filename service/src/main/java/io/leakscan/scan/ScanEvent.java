package io.leakscan.scan;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.UUID;

/** Data of one Server-Sent Event: the scan's state after a change. */
@Schema(name = "ScanEvent")
@JsonInclude(JsonInclude.Include.NON_NULL)
record ScanEvent(UUID id, ScanState status, String phase,
                 @Schema(description = "The endpoint under test, while the scan probes one", nullable = true)
                 String endpoint,
                 int progress, ScanResource.Failure failure,
                 @Schema(allowableValues = {"LEAKS_FOUND", "CLEAN", "INCONCLUSIVE"}, nullable = true)
                 String verdict,
                 long version) {
}
