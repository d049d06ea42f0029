-- Roles on API keys (read < scan < admin: each includes the ones before it), optional expiry, and when a key was last
-- used (written at most once a minute per key, not on every request). Keys made before roles existed could do
-- everything, so they become admin keys and nothing that works today stops working.
ALTER TABLE api_keys ADD COLUMN role varchar(8) NOT NULL DEFAULT 'admin' CHECK (role IN ('read', 'scan', 'admin'));
-- from now on every insert says which role it gives
ALTER TABLE api_keys ALTER COLUMN role DROP DEFAULT;
ALTER TABLE api_keys ADD COLUMN expires_at timestamptz;
ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;
