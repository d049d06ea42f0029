-- Scan service: tenants, their API keys and the scan queue. Later migrations add samples, findings and deliveries
-- (tables that reference scans(id)); nothing here needs to change for them.

CREATE TABLE tenants (
    id              uuid        PRIMARY KEY,
    name            varchar(200) NOT NULL,
    -- HMAC secret for signing webhook callbacks to this tenant (used by the webhook module)
    callback_secret varchar(200) NOT NULL,
    created_at      timestamptz NOT NULL
);

CREATE TABLE api_keys (
    id           uuid        PRIMARY KEY,
    tenant_id    uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    -- SHA-256 of the full key, hex; the key itself is shown once and never stored
    key_hash     char(64)    NOT NULL UNIQUE,
    -- the first characters of the key, enough to tell keys apart in a listing
    prefix       varchar(16) NOT NULL,
    name         varchar(200),
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

CREATE TABLE scans (
    id                uuid         PRIMARY KEY,
    tenant_id         uuid         NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    status            varchar(16)  NOT NULL
        CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    phase             varchar(64),
    progress          integer      NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    queued_at         timestamptz  NOT NULL,
    started_at        timestamptz,
    finished_at       timestamptz,
    heartbeat_at      timestamptz,
    -- how many times a worker has started this scan; a scan handed back on graceful shutdown does not count
    attempt           integer      NOT NULL DEFAULT 0,
    picked_by         varchar(200),
    target_base_url   varchar(2048) NOT NULL,
    -- scheme://host:port, lower case with the default port made explicit: the unit of per-target exclusivity
    target_key        varchar(600) NOT NULL,
    profile           varchar(16)  NOT NULL CHECK (profile IN ('quick', 'memory', 'deep')),
    echo_specific     boolean      NOT NULL DEFAULT false,
    -- the whole accepted request (limits already capped), target headers included: the worker needs them
    request           jsonb        NOT NULL,
    idempotency_key   varchar(255),
    request_hash      char(64)     NOT NULL,
    cancel_requested  boolean      NOT NULL DEFAULT false,
    failure_code      varchar(64),
    failure_message   varchar(2000),
    fingerprint       jsonb,
    discovery         jsonb,
    verdict           varchar(32),
    summary           text,
    finding_counts    jsonb,
    -- bumped on every change; the ETag of the scan resource
    version           bigint       NOT NULL DEFAULT 0,
    CONSTRAINT scans_idempotency UNIQUE (tenant_id, idempotency_key)
);

-- Two scans of one target corrupt each other's measurements: the database, not a check in Java, keeps it to one.
CREATE UNIQUE INDEX scans_one_running_per_target ON scans (target_key) WHERE status = 'RUNNING';
-- The claim query: oldest queued first
CREATE INDEX scans_queued ON scans (queued_at) WHERE status = 'QUEUED';
-- The reaper: running scans by heartbeat
CREATE INDEX scans_running_heartbeat ON scans (heartbeat_at) WHERE status = 'RUNNING';
-- The tenant's list, newest first, optionally by status or target
CREATE INDEX scans_tenant_queued ON scans (tenant_id, queued_at DESC);
CREATE INDEX scans_tenant_target ON scans (tenant_id, target_key, queued_at DESC);
