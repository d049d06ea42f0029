package io.leakscan.scan;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One page of a tenant's scans, newest first. */
@Schema(name = "ScanPage")
public record ScanPage(List<ScanResource> items, int page, int size, long totalItems, int totalPages) {
}
