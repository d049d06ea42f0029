-- The endpoint under test while a scan probes, next to its phase: the dashboard and the event stream show both.
ALTER TABLE scans ADD COLUMN current_endpoint varchar(2100);
