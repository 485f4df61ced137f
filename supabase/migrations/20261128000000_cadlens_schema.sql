-- cadlens storage schema for Supabase (same tables, columns and indexes as
-- adapters/postgres/migrations/0001_cadlens_schema.sql; test/adapters/supabase-migrations.test.ts checks they match).
-- Apply with `supabase db push`. Unqualified names: lands in the schema on the search_path (public).

-- Dead letter queue (the seed's failed_cad_analyses).
CREATE TABLE IF NOT EXISTS failed_cad_analyses (
  id               text COLLATE "C" PRIMARY KEY,
  time             timestamptz NOT NULL,
  request_id       text,
  input_name       text NOT NULL,
  input_size_bytes bigint NOT NULL CHECK (input_size_bytes >= 0),
  input_sha256     text NOT NULL,
  input_bytes      text,
  error_code       text NOT NULL,
  error_kind       text NOT NULL CHECK (error_kind IN ('transient', 'permanent', 'systemic')),
  error_message    text NOT NULL,
  error_stack      text,
  stage            text NOT NULL,
  tier             text,
  retry_count      integer NOT NULL DEFAULT 0 CHECK (retry_count >= 0),
  attempts         jsonb NOT NULL DEFAULT '[]'::jsonb,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'reprocessed', 'discarded')),
  resolution       jsonb,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
-- list(): newest first, optional since/until; stats(): counts by kind over the last 24 h;
-- list({kind|status|code}); purge(olderThan) uses the time index.
CREATE INDEX IF NOT EXISTS failed_cad_analyses_time_idx ON failed_cad_analyses (time DESC, id DESC);
CREATE INDEX IF NOT EXISTS failed_cad_analyses_kind_time_idx ON failed_cad_analyses (error_kind, time DESC);
CREATE INDEX IF NOT EXISTS failed_cad_analyses_status_time_idx ON failed_cad_analyses (status, time DESC);
CREATE INDEX IF NOT EXISTS failed_cad_analyses_code_time_idx ON failed_cad_analyses (error_code, time DESC);

-- Audit trail.
CREATE TABLE IF NOT EXISTS cad_processing_audit (
  id          text COLLATE "C" PRIMARY KEY,
  time        timestamptz NOT NULL,
  event_type  text NOT NULL,
  request_id  text,
  part_sha256 text,
  details     jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX IF NOT EXISTS cad_processing_audit_time_idx ON cad_processing_audit (time, id);
CREATE INDEX IF NOT EXISTS cad_processing_audit_type_time_idx ON cad_processing_audit (event_type, time);
CREATE INDEX IF NOT EXISTS cad_processing_audit_request_idx ON cad_processing_audit (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS cad_processing_audit_part_idx ON cad_processing_audit (part_sha256) WHERE part_sha256 IS NOT NULL;

-- Processing samples for the /metrics windows.
CREATE TABLE IF NOT EXISTS cad_processing_samples (
  id            bigserial PRIMARY KEY,
  time          timestamptz NOT NULL,
  duration_ms   double precision NOT NULL,
  quality_score double precision,
  recognized    boolean NOT NULL,
  tier          text,
  ok            boolean NOT NULL,
  request_id    text
);
CREATE INDEX IF NOT EXISTS cad_processing_samples_time_idx ON cad_processing_samples (time, id);

-- Shared circuit-breaker state (the seed's optional system_state). Times are epoch ms from the
-- breakers' clocks; `version` drives compare-and-set, the probe_lease_* columns the half-open lease.
CREATE TABLE IF NOT EXISTS system_state (
  name                   text COLLATE "C" PRIMARY KEY,
  state                  text NOT NULL CHECK (state IN ('closed', 'open', 'half_open', 'isolated')),
  failure_count          integer NOT NULL DEFAULT 0,
  opened_at              bigint,
  last_failure_time      bigint,
  window_started_at      bigint,
  version                bigint NOT NULL DEFAULT 1,
  probe_lease_owner      text,
  probe_lease_expires_at bigint,
  updated_at             timestamptz NOT NULL DEFAULT now()
);
