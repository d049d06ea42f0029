-- Webhooks: per-tenant subscriptions, the outbox of deliveries (written in the transaction that ends a scan) and the
-- log of every delivery attempt.

CREATE TABLE webhook_subscriptions (
    id                          uuid          PRIMARY KEY,
    tenant_id                   uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    url                         varchar(2048) NOT NULL,
    -- subset of scan.succeeded, scan.failed, scan.cancelled, scan.leaks_found
    events                      text[]        NOT NULL,
    description                 varchar(500),
    active                      boolean       NOT NULL DEFAULT true,
    -- HMAC-SHA256 signing secret (shown once at creation and at rotation); during a rotation's overlap the previous
    -- secret signs too
    secret                      varchar(200)  NOT NULL,
    previous_secret             varchar(200),
    previous_secret_expires_at  timestamptz,
    -- failed attempts since the last success; reaching the configured limit disables the subscription
    consecutive_failures        integer       NOT NULL DEFAULT 0,
    disabled_at                 timestamptz,
    disabled_reason             varchar(500),
    created_at                  timestamptz   NOT NULL,
    updated_at                  timestamptz   NOT NULL
);
CREATE INDEX webhook_subscriptions_tenant ON webhook_subscriptions (tenant_id, created_at);

-- Rotation state of the tenant's callback secret (tenants.callback_secret signs a scan's own callbackUrl until the
-- first rotation; from then on this row holds the current and the overlapping previous secret).
CREATE TABLE webhook_callback_secrets (
    tenant_id                   uuid          PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    secret                      varchar(200)  NOT NULL,
    previous_secret             varchar(200),
    previous_secret_expires_at  timestamptz,
    rotated_at                  timestamptz   NOT NULL
);

-- The outbox: one row per event and destination. The payload is frozen at enqueue time so the event id and body are
-- the same on every retry; the signature is made at send time.
CREATE TABLE webhook_deliveries (
    id               uuid          PRIMARY KEY,
    tenant_id        uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    -- null for deliveries to the scan's own callbackUrl
    subscription_id  uuid          REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    scan_id          uuid          NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
    event_id         uuid          NOT NULL,
    event_type       varchar(32)   NOT NULL,
    url              varchar(2048) NOT NULL,
    payload          text          NOT NULL,
    status           varchar(16)   NOT NULL CHECK (status IN ('PENDING', 'DELIVERING', 'SUCCEEDED', 'FAILED')),
    -- attempts ever made (numbering of the attempt log) and attempts since the last (re)queue (the backoff step)
    attempts         integer       NOT NULL DEFAULT 0,
    round_attempts   integer       NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    locked_by        varchar(200),
    locked_until     timestamptz,
    last_error       varchar(2000),
    created_at       timestamptz   NOT NULL,
    finished_at      timestamptz
);
-- At most one delivery per event and destination, whatever publishes the event twice
CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries
    (event_id, coalesce(subscription_id, '00000000-0000-0000-0000-000000000000'::uuid));
-- The claim query: due pending deliveries, and deliveries whose sender stopped renewing its lock
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_deliveries_locked ON webhook_deliveries (locked_until) WHERE status = 'DELIVERING';
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, created_at DESC);
CREATE INDEX webhook_deliveries_scan ON webhook_deliveries (scan_id);

CREATE TABLE webhook_delivery_attempts (
    delivery_id      uuid          NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt          integer       NOT NULL,
    started_at       timestamptz   NOT NULL,
    status_code      integer,
    latency_ms       bigint        NOT NULL,
    -- the first 1 KiB of the response body
    response_excerpt varchar(2048),
    error            varchar(2000),
    succeeded        boolean       NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
