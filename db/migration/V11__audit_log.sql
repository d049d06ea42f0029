-- Security-relevant actions per tenant (keys, targets, webhooks, quota changes and refusals), for its admins to read.
CREATE TABLE audit_events (
    id        bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    at        timestamptz   NOT NULL,
    -- who: "key lsk_AbCd…" for an API key, "operator" for the admin key, "dashboard", or "leakscan" for the service
    actor     varchar(100)  NOT NULL,
    action    varchar(40)   NOT NULL,
    -- what it was done to: a key, target or subscription id, a quota name
    subject   varchar(300),
    detail    varchar(1000)
);

-- the API pages newest first, per tenant
CREATE INDEX audit_events_tenant ON audit_events (tenant_id, id DESC);
