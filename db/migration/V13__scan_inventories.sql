-- The endpoints a scan took from an OpenAPI/Swagger description (its request's inventory), resolved when the scan
-- ran: where the description was found, each endpoint with its first request, and each operation skipped with the
-- reason. One row per scan that had an inventory; rewritten if a retry resolves it again.
CREATE TABLE scan_inventories (
    scan_id     uuid        PRIMARY KEY REFERENCES scans (id) ON DELETE CASCADE,
    resolved    jsonb       NOT NULL,
    resolved_at timestamptz NOT NULL
);
