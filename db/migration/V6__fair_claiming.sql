-- Fair claiming: the queue serves the tenant with the fewest running scans first, and among equals the one served
-- longest ago, so one tenant's backlog cannot starve the others. Set in the claiming statement itself.
ALTER TABLE tenants ADD COLUMN last_claimed_at timestamptz;
-- The claim counts running scans per tenant
CREATE INDEX scans_running_tenant ON scans (tenant_id) WHERE status = 'RUNNING';
