-- Per-tenant quota overrides, set through the admin API. A null column means "the configured default"
-- (leakscan.tenant.quota.*); a tenant without a row has the defaults throughout.
CREATE TABLE tenant_quotas (
    tenant_id               uuid        PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    -- scans queued or running at once
    concurrent_scans        integer     CHECK (concurrent_scans > 0),
    -- scans submitted in any 24 hours
    scans_per_day           integer     CHECK (scans_per_day > 0),
    -- caps on any profile, tuning or limits of this tenant's scans
    max_requests_per_second integer     CHECK (max_requests_per_second > 0),
    max_concurrency         integer     CHECK (max_concurrency > 0),
    updated_at              timestamptz NOT NULL
);
-- The concurrent-scans quota counts a tenant's queued and running scans (the daily one uses scans_tenant_queued)
CREATE INDEX scans_tenant_active ON scans (tenant_id) WHERE status IN ('QUEUED', 'RUNNING');
