-- What a scan measured and concluded. Written by the worker while the scan runs (samples, in batches) and when the
-- engine is done (findings and the report), before the scan row turns final: a reader that sees a final scan sees
-- all of its results.

-- One normalized telemetry reading; `readings` maps signal names (GOROUTINES, HEAP_AFTER_GC_BYTES, ...) to numbers.
-- A signal missing from a reading is a gap, not a zero.
CREATE TABLE scan_samples (
    scan_id         uuid         NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
    seq             integer      NOT NULL,
    at              timestamptz  NOT NULL,
    phase           varchar(64),
    endpoint_method varchar(16),
    endpoint_path   varchar(2048),
    readings        jsonb        NOT NULL,
    restart_marker  varchar(200),
    PRIMARY KEY (scan_id, seq)
);

-- The findings, most severe first (ordinal 0 is the worst). `finding` is the report contract's JSON of one finding;
-- the other columns are copies for filtering and for webhook payloads.
CREATE TABLE scan_findings (
    scan_id         uuid          NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
    ordinal         integer       NOT NULL,
    kind            varchar(40)   NOT NULL,
    severity        varchar(16)   NOT NULL,
    scope           varchar(16)   NOT NULL,
    endpoint_method varchar(16),
    endpoint_path   varchar(2048),
    title           varchar(1000) NOT NULL,
    finding         jsonb         NOT NULL,
    PRIMARY KEY (scan_id, ordinal)
);

-- The scan's report (the JSON report format, schemaVersion inside); every other format is rendered from it.
CREATE TABLE scan_reports (
    scan_id    uuid        PRIMARY KEY REFERENCES scans (id) ON DELETE CASCADE,
    report     jsonb       NOT NULL,
    created_at timestamptz NOT NULL
);

-- Goroutine profile snapshots (baseline, before/after load per endpoint): the parsed dump as gzip-compressed JSON.
CREATE TABLE scan_profiles (
    scan_id         uuid         NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
    seq             integer      NOT NULL,
    label           varchar(200) NOT NULL,
    phase           varchar(64),
    endpoint_method varchar(16),
    endpoint_path   varchar(2048),
    goroutines      integer      NOT NULL,
    profile_gzip    bytea        NOT NULL,
    PRIMARY KEY (scan_id, seq)
);
