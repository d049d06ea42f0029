-- Scans of a tenant's target on a cron schedule. A run is an ordinary scan; every node looks for due schedules, and
-- each run is claimed with SKIP LOCKED and submitted with an idempotency key of the schedule and its fire time, so it
-- starts once across nodes and restarts.
CREATE TABLE schedules (
    id          uuid          PRIMARY KEY,
    tenant_id   uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    target_id   uuid          NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
    cron        varchar(100)  NOT NULL,
    zone        varchar(64)   NOT NULL,
    -- the scan request without its target: the target's base URL goes in at every run
    scan        jsonb         NOT NULL,
    enabled     boolean       NOT NULL DEFAULT true,
    next_run_at timestamptz   NOT NULL,
    last_run_at timestamptz,
    last_scan_id uuid,
    last_error  varchar(1000),
    created_at  timestamptz   NOT NULL
);

CREATE INDEX schedules_due ON schedules (next_run_at) WHERE enabled;
CREATE INDEX schedules_tenant ON schedules (tenant_id, created_at);

-- which scans a schedule started: a scheduled scan that finds a leak its target's previous scan did not have raises
-- the webhook event scan.regressed
CREATE TABLE schedule_runs (
    scan_id     uuid        PRIMARY KEY REFERENCES scans (id) ON DELETE CASCADE,
    schedule_id uuid        NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    fired_at    timestamptz NOT NULL
);
