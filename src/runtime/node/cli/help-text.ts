import { CADLENS_VERSION } from '../../../version.js';
import { DEFAULT_OCCT_DEADLINE_MS } from '../../../tessellation/occt-types.js';

/** `cadlens --help`: every command in one screen. */
export const GLOBAL_HELP = `cadlens ${CADLENS_VERSION} — CAD geometry analysis

Usage:
  cadlens analyze <files|dirs|globs…> [options]   validate, heal and recognize features
  cadlens validate <files|dirs|globs…> [options]  the five validation stages only
  cadlens schema                                  print the result contract as JSON Schema
  cadlens migrate [--database-url URL] [--schema S] [--list]
                                                  apply the PostgreSQL migrations
  cadlens serve [--port 5000] [--workers N]       the HTTP service (health, metrics, admin, /analyze)
  cadlens batch submit|status|results|redrive …   batch analysis on a pg-boss queue
  cadlens worker                                  consume the pg-boss queue until SIGTERM (--threads N)

Run 'cadlens <command> --help' for a command's options.
  -h, --help           this text
  -v, --version        the version

Exit codes: 0 every file analysed cleanly, 1 some file failed a stage or errored, 2 usage error.`;

const FILE_OPTIONS = `Inputs:
  Files are analysed whatever their extension. Directories are searched recursively for
  .step .stp .p21 .iges .igs .brep .brp .stl .obj .ply .xyz files. A quoted glob ('parts/*.step',
  'parts/**/*.stp') is expanded by cadlens.

Output (stdout):
  (default)            a short summary per file: stages, part, features grouped by type
  --verbose            also one line per stage, per recognized feature (with its faces) and per finding
  --json               the result contract (docs/result-contract.md): one object for one file,
                       one JSON array for several
  --ndjson             one compact JSON object per file per line, written as each file finishes
  A file whose worker crashed, hung or passed --job-timeout-s twice still has its entry, in input
  order: { "input": { "name", "path" }, "error": { "code", "kind", "message", "stage" } }.
On a terminal, progress (file, step, elapsed time) is shown on stderr; never in a pipe or file.`;

const COMMON_OPTIONS = `  --mesh <mode>        when to tessellate with OpenCascade: always (default: every check), never
                       (fastest: B-Rep checks, features and score; mesh checks reported as not
                       run; OpenCascade is not loaded), auto (only when something needs the mesh)
  --no-heal            do not heal meshes (healing is on by default and always reported)
  --max-file-size-mb N reject larger files before reading them (default: MAX_FILE_SIZE_MB or 100)
  --timeout-s N        per-file deadline for the OpenCascade import (default ${DEFAULT_OCCT_DEADLINE_MS / 1000})
  --concurrency N      worker threads for several files (default: the number of cores, one for
                       files of 1 MiB or less in all); results are still written in input order
  --job-timeout-s N    deadline of one file on a worker (default: 120, or the import deadline + 60);
                       a file over it is retried once on a fresh worker, then reported as failed
  --redis-url URL      result cache on Redis (default: CADLENS_REDIS_URL; REDIS_URL is not read): a
                       file analysed before with the same options is served from it ("from the result
                       cache"; JSON: cache.hit), others are stored for 24 h. Needs ioredis. Several
                       files still run on the workers, each with its own connection. A Redis that
                       fails is one warning on stderr and the files are analysed without it
  -h, --help           this text`;

/** `cadlens analyze --help`. */
export const ANALYZE_HELP = `Usage: cadlens analyze <files|dirs|globs…> [options]

Validates each file (input, format, parse, geometry, quality), heals mesh input and recognizes
machining features (Tier 1 AAGNet → Tier 2 heuristics → Tier 3 point cloud → Tier 4 mesh only).

${FILE_OPTIONS}

Options:
  --json | --ndjson | --verbose   see Output
  --tier <1-4>         force one recognition tier (evaluation, debugging)
${COMMON_OPTIONS}

Exit codes: 0 every file analysed cleanly, 1 some file failed a stage or errored, 2 usage error.`;

/** `cadlens validate --help`. */
export const VALIDATE_HELP = `Usage: cadlens validate <files|dirs|globs…> [options]

Runs the five validation stages (input, format, parse, geometry, quality) without recognition.

${FILE_OPTIONS}

Options:
  --json | --ndjson | --verbose   see Output
${COMMON_OPTIONS}

Exit codes: 0 every file analysed cleanly, 1 some file failed a stage or errored, 2 usage error.`;

/** `cadlens schema --help`. */
export const SCHEMA_HELP = `Usage: cadlens schema

Prints the JSON Schema of the result contract (what --json and --ndjson print).`;

/** `cadlens serve --help`. */
export const SERVE_HELP = `Usage: cadlens serve [--port N] [--host H] [--workers N]

Runs the cadlens HTTP service (docs/service.md): GET /health, /metrics (JSON; Prometheus text with
Accept: text/plain or /metrics/prometheus), /circuit-breaker, /dlq/failures, /dlq/stats,
/analyses/:id; POST /analyze (raw or multipart upload), and the admin routes
POST /circuit-breaker/reset and POST /dlq/:id/reprocess. Logs are JSON lines on stdout.
SIGTERM or SIGINT stops it gracefully (open requests and background analyses finish first).

Options:
  --port N             port to listen on (default: PORT or 5000; 0 picks a free one)
  --host H             address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
  --workers N          analyse on N worker threads, each with the whole pipeline (default:
                       CADLENS_WORKERS or the number of cores); 0 analyses in the server's thread
  --max-queue N        uploads that may wait for a worker; one more is 503 OVERLOADED
                       (default: 16 per worker)
  -h, --help           this text

Environment:
  CADLENS_ADMIN_TOKEN  bearer token of the admin routes (16+ characters; unset = admin routes off)
  CADLENS_STORE        memory | file | postgres | supabase (default: postgres when DATABASE_URL is
                       set, supabase when SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY are, else file)
  CADLENS_STORE_DIR    directory of the file store (default .cadlens)
  DATABASE_URL         PostgreSQL URL (run 'cadlens migrate' first); CADLENS_PG_SCHEMA its schema
  SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY
  MAX_FILE_SIZE_MB     upload limit (default 100); CIRCUIT_BREAKER_THRESHOLD, CIRCUIT_BREAKER_TIMEOUT_S
  DEBUG=true           error stacks in responses and logs

Exit codes: 0 stopped cleanly, 1 could not open the stores or listen, 2 bad flags or configuration.`;


/** `cadlens worker --help`. */
export const WORKER_HELP = `Usage: cadlens worker [--database-url URL] [--pgboss-schema S] [--queue Q] [--expire-s N] [--maintenance-s N]
                      [--fetch-max-mb N] [--fetch-timeout-s N] [--recognizers FILE] [--threads N]

Consumes analysis jobs from the pg-boss queue (docs/adapters/pg-boss.md) until SIGTERM or SIGINT,
then finishes the jobs in hand and exits 0. One job at a time, or N at once on the analyzer pool's
worker threads with --threads N; run more processes (or machines) for more. Dead
letters go to the PostgreSQL stores of DATABASE_URL (CADLENS_PG_SCHEMA; run 'cadlens migrate' first),
and Tier 1 runs behind the breaker kept there (CIRCUIT_BREAKER_THRESHOLD, CIRCUIT_BREAKER_TIMEOUT_S),
shared by every worker. With SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY set, it reads
supabase-storage:// inputs from that project's Storage.

Options:
  --database-url URL   default DATABASE_URL
  --pgboss-schema S    pg-boss's schema (default CADLENS_PGBOSS_SCHEMA or pgboss)
  --queue Q            queue name (default CADLENS_QUEUE or cadlens-analyze)
  --expire-s N         a job whose worker died runs again after N s (default 900)
  --maintenance-s N    how often pg-boss looks for such jobs (default 120)
  --fetch-max-mb N     URL inputs: largest body fetched (default 256)
  --fetch-timeout-s N  URL inputs: time allowed for one fetch (default 60)
  --recognizers FILE   build the recognizers with this module (the analyzer pool's contract: its
                       default export receives { breaker, defaults, options })
  --threads N          analyse N jobs at once on N worker threads (default 1: on this thread)
  -h, --help           this text`;

/** `cadlens batch --help`. */
export const BATCH_HELP = `Usage: cadlens batch submit <files|dirs|globs|http(s) URLs|supabase-storage://bucket/path…> [--inline] [--follow|--detach]
                           [--mesh auto|always|never] [--tier N] [--validate-only]
       cadlens batch status <batch id>
       cadlens batch results <batch id> [--ndjson]
       cadlens batch redrive <dead letter id…>

Batch analysis on the pg-boss queue (docs/adapters/pg-boss.md), consumed by 'cadlens worker' processes.
submit enqueues one job per file (by absolute path: workers must see the same files; with --inline the
bytes go into the job, in Postgres) and per URL (workers fetch it; user-info and token parameters are
kept out of names, logs and dead letters), and per Supabase Storage object (workers read it with
SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY). On a terminal it then follows the batch with a bar until
every job ended; elsewhere it prints { batchId, jobs } at once, or with --follow a plain line every
--progress-interval-s and { batchId, jobs, status } at the end. status prints the counts by state,
dead letters, jobs/s and the ETA; results prints every finished job: a result or a dead letter;
redrive re-enqueues dead-lettered jobs (a dead letter's id is its job's id) from the dead letters in
the PostgreSQL stores of DATABASE_URL (CADLENS_PG_SCHEMA) and marks them reprocessed. It prints
{ redriven: [{ deadLetterId, jobId }], alreadyRedriven: [{ deadLetterId, redrivenAt }], failed: [{ deadLetterId,
code, message }] }: a record redriven before is nothing to do, not an error.

Exit status: 0 done (redrive: every id redriven, now or before); 1 a failure (redrive: an id that could not
be redriven: unknown (DLQ_NOT_FOUND), discarded, or its job gone from pg-boss; status: an unknown batch id;
a database that cannot be reached); 2 usage.

Options:
  --database-url URL         default DATABASE_URL
  --pgboss-schema S          default CADLENS_PGBOSS_SCHEMA or pgboss
  --queue Q                  default CADLENS_QUEUE or cadlens-analyze
  --inline                   submit: store the files' bytes in the jobs instead of their paths
  --follow                   submit: follow the batch until every job ended (default on a terminal)
  --detach                   submit: never follow
  --progress-interval-s N    submit --follow off a terminal: seconds between lines (default 10)
  --mesh MODE                submit: analyse every job with mesh auto|always|never (never: no OpenCascade)
  --tier N                   submit: force recognition tier 1-4 for every job
  --validate-only            submit: validate, do not recognize
  --ndjson                   results: one job per line
  -h, --help                 this text`;
