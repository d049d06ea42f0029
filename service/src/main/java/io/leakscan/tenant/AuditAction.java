package io.leakscan.tenant;

import java.util.Locale;

/** The security-relevant actions the audit log records. */
public enum AuditAction {
    KEY_CREATED, KEY_REVOKED,
    TARGET_CREATED, TARGET_VERIFIED, TARGET_NOT_VERIFIED, TARGET_DELETED,
    SCHEDULE_CREATED, SCHEDULE_DELETED,
    WEBHOOK_CREATED, WEBHOOK_CHANGED, WEBHOOK_DELETED, WEBHOOK_SECRET_ROTATED, CALLBACK_SECRET_ROTATED,
    QUOTA_CHANGED, QUOTA_REFUSED;

    /** {@code key.created}: the word in the API. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replaceFirst("_", ".");
    }
}
