package io.leakscan.scan;

import io.leakscan.ownership.OwnedTargets;

import java.util.UUID;

/**
 * A scan that names a registered target by {@code targetId} runs against that target's base URL, with the headers
 * the request gives; from there on it is checked and stored as if it had given the URL itself.
 */
final class TargetReferences {

    private TargetReferences() {
    }

    static ScanRequest resolve(ScanRequest request, OwnedTargets owned, UUID tenantId) {
        ScanRequest.TargetRequest target = request.target();
        if (target.targetId() == null) {
            return request;
        }
        String baseUrl = owned.verifiedBaseUrl(tenantId, target.targetId()).toString();
        return request.withTarget(new ScanRequest.TargetRequest(baseUrl, target.headers()));
    }
}
