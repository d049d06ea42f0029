-- Retention: the raw telemetry of a finished scan (samples, goroutine profile snapshots) is deleted after
-- leakscan.retention.samples; the scan, its findings and its report (which keeps the charted series) stay.
ALTER TABLE scans ADD COLUMN samples_purged_at timestamptz;
-- What the purge looks for: finished scans whose telemetry is still there, oldest first
CREATE INDEX scans_purgeable ON scans (finished_at) WHERE finished_at IS NOT NULL AND samples_purged_at IS NULL;
