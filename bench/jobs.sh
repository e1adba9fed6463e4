#!/usr/bin/env bash
# Job listing on a big store: loads BENCH_JOBS (default 1,000,000) jobs into a fresh PostgreSQL schema
# (psql, generate_series), starts warren on it and times GET /api/jobs pages with and without filters,
# deep cursors, single-job reads and payload searches (q=, served by the pg_trgm index of migration V20). Prints the
# median and p95 of BENCH_REPEAT (default 30) requests each.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
trap cleanup EXIT INT TERM

JOBS=${BENCH_JOBS:-1000000}
REPEAT=${BENCH_REPEAT:-30}
PG_DB=${BENCH_PG_DB:-test}
SCHEMA=warren_bench_jobs
PSQL=(psql -h 127.0.0.1 -U postgres -d "$PG_DB" -v ON_ERROR_STOP=1 -q)

setup_java; setup_tools; check_broker; build_warren
command -v psql >/dev/null || apt_install postgresql-client
"${PSQL[@]}" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE; CREATE SCHEMA $SCHEMA;"

BENCH_STORE_URL="jdbc:postgresql://127.0.0.1:5432/$PG_DB?currentSchema=$SCHEMA"
BENCH_STORE_OPTS="-Dwarren.store.user=postgres -Dwarren.store.password=unused"
export BENCH_STORE_URL BENCH_STORE_OPTS
start_warren 18095   # its Flyway migration creates the tables

log "loading $JOBS jobs"
started=$(now_ms)
"${PSQL[@]}" <<SQL
INSERT INTO $SCHEMA.jobs (id, queue, status, generation, payload_bytes, content_type, payload_hash, attempts,
                          created_at, updated_at)
SELECT 'bench-' || g, 'q' || (g % 20),
       (ARRAY['finished','finished','finished','failed','queued','cancelled'])[1 + g % 6],
       0, convert_to('{"order":"ord-' || g || '","customer":"cust-' || (g % 10000) || '","note":"' || md5(g::text)
                     || '"}', 'UTF8'), 'application/json', '', 1, now(), now()
FROM generate_series(1, $JOBS) AS g;
ANALYZE $SCHEMA.jobs;
SQL
log "loaded in $(( ($(now_ms) - started) / 1000 )) s"

# time_get NAME PATH: REPEAT timed GETs, prints "NAME median_ms p95_ms"
time_get() {
  local name=$1 path=$2 times=()
  for _ in $(seq "$REPEAT"); do
    times+=("$(curl -H "Authorization: Bearer $WARREN_KEY" -s -o /dev/null -w '%{time_total}' "$WARREN$path")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" '{a[NR]=$1*1000} END {printf "%-40s %8.1f %8.1f\n", name, a[int((NR+1)/2)], a[int(NR*0.95)]}'
}

deep=$(curl -H "Authorization: Bearer $WARREN_KEY" -s "$WARREN/api/jobs?limit=1000" | jq -r .next)
for _ in 1 2 3 4 5 6 7 8 9; do deep=$(curl -H "Authorization: Bearer $WARREN_KEY" -s "$WARREN/api/jobs?limit=1000&cursor=$deep" | jq -r .next); done

{
  printf '%-40s %8s %8s\n' "request ($JOBS jobs, PostgreSQL)" "p50 ms" "p95 ms"
  time_get "newest 50" "/api/jobs?limit=50"
  time_get "newest 50 of one queue" "/api/jobs?queue=q7&limit=50"
  time_get "newest 50 failed" "/api/jobs?status=failed&limit=50"
  time_get "newest 50 failed of one queue" "/api/jobs?queue=q7&status=failed&limit=50"
  time_get "50 after a cursor 10,000 deep" "/api/jobs?limit=50&cursor=$deep"
  time_get "one job by id" "/api/jobs/bench-500000"
  time_get "dead letters of one queue (50)" "/api/jobs?queue=q3&status=failed&limit=50"
  # payload search: a value in one job, in 100 jobs, in every job, in none; with filters; a random 8 characters
  time_get "search: in 1 job (ord-987654\")" "/api/jobs?limit=50&q=ord-987654%22"
  time_get "search: in 100 jobs (cust-4242\")" "/api/jobs?limit=50&q=cust-4242%22"
  time_get "search: in every job (customer)" "/api/jobs?limit=50&q=customer"
  time_get "search: in none (zqzqzq)" "/api/jobs?limit=50&q=zqzqzq"
  time_get "search + queue + status (cust-4242\")" "/api/jobs?limit=50&queue=q2&status=queued&q=cust-4242%22"
  time_get "search: 8 hex characters of one md5" "/api/jobs?limit=50&q=$(printf 500000 | md5sum | cut -c5-12)"
} | tee "$RESULTS/table.txt"

"${PSQL[@]}" -c "DROP SCHEMA $SCHEMA CASCADE;"
