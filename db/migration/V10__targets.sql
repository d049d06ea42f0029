-- A tenant's targets and the proof that the tenant controls each one's host. With
-- leakscan.target.verification=required, a scan's hosts must be verified targets of its tenant.
CREATE TABLE targets (
    id              uuid          PRIMARY KEY,
    tenant_id       uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name            varchar(200)  NOT NULL,
    base_url        varchar(2048) NOT NULL,
    -- what verification proves: the host, any port (lower case, IPv6 without brackets)
    host            varchar(255)  NOT NULL,
    -- the value the tenant publishes, at /.well-known/leakscan-verification.txt or in TXT _leakscan.<host>
    token           varchar(100)  NOT NULL,
    verified_method varchar(8),
    verified_at     timestamptz,
    verified_until  timestamptz,
    last_checked_at timestamptz,
    last_check      varchar(1000),
    created_at      timestamptz   NOT NULL,
    CONSTRAINT targets_name_unique UNIQUE (tenant_id, name),
    CONSTRAINT targets_method CHECK (verified_method IN ('http', 'dns'))
);

-- the submit-time question: is this host verified for this tenant?
CREATE INDEX targets_tenant_host ON targets (tenant_id, host);
-- what the re-check looks for: verified targets, least recently checked first
CREATE INDEX targets_recheck ON targets (last_checked_at) WHERE verified_method IS NOT NULL;
