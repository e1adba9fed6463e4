#!/usr/bin/env bash
# Publishing throughput of warren beside the broker's own confirmed-publish rate, in one run:
#   (a) single-task publish requests/s: wrk, BENCH_CONNECTIONS (64) connections, POST /api/queues/{q}/tasks
#   (b) batch publish tasks/s: wrk, BENCH_BATCH_CONNECTIONS (4) connections, BENCH_BATCH_SIZE (100) tasks a request
#   (c) RabbitMQ PerfTest: BENCH_CONNECTIONS producers, publisher confirms with 1 outstanding message each
#       (-c 1, like one HTTP request waiting for its 202), persistent, same message size, to a queue declared
#       by warren with the same settings, through the default exchange as warren publishes.
#   (d) PerfTest at its best: 1 producer with BENCH_BEST_CONFIRMS (200) confirms outstanding, otherwise as (c).
# Every request must be answered 2xx (the script fails otherwise) and the queue must then hold every task
# answered 202 (plus at most the requests cut off in flight when wrk stopped). Queues are purged between the measurements and deleted at the end; warren is stopped.
#
# Environment: BENCH_PORT (18090, next free one is used), BENCH_DURATION (20 s a measurement),
# BENCH_WARMUP (30 s of single, then half as long of batch publishes first, not counted), BENCH_CONNECTIONS (64), BENCH_BATCH_SIZE (100),
# BENCH_BATCH_CONNECTIONS (4), BENCH_BEST_CONFIRMS (200), BENCH_WRK_THREADS (2), BENCH_QUEUE_TYPE (quorum), BENCH_AMQP_URI.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PORT=${BENCH_PORT:-18090}
DURATION=${BENCH_DURATION:-20}
WARMUP=${BENCH_WARMUP:-30}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
BATCH_SIZE=${BENCH_BATCH_SIZE:-100}
BATCH_CONNECTIONS=${BENCH_BATCH_CONNECTIONS:-4}
BEST_CONFIRMS=${BENCH_BEST_CONFIRMS:-200}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
# the task payload of wrk/single.lua and wrk/batch.lua is 211 bytes of JSON, the message body warren publishes
MESSAGE_SIZE=211

Q=bench-publish
PQ=bench-perftest

setup_java
setup_tools wrk
fetch_lib
check_broker
build_warren
start_warren "$PORT"
log "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

declare_queue "$Q"
declare_queue "$PQ"

# run_wrk NAME CONNECTIONS SECONDS SCRIPT PATH [SCRIPT ARGS]: prints "<requests> <duration_us> <2xx>"
run_wrk() {
  local name=$1 connections=$2 seconds=$3 script=$4 path=$5; shift 5
  local out="$RESULTS/wrk-$name.txt" threads=$WRK_THREADS extra=()
  [ "$threads" -le "$connections" ] || threads=$connections
  [ $# -eq 0 ] || extra=(-- "$@")
  log "wrk $name: $connections connection(s), ${seconds}s -> $path"
  wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 30s --latency \
      -s "$BENCH_DIR/wrk/$script" "$WARREN$path" "${extra[@]}" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed"; }
  grep -q '^non2xx ' "$out" || { cat "$out" >&2; die "wrk's Lua script did not run (see $out)"; }
  local non2xx socket_errors
  non2xx=$(awk '$1=="non2xx"{print $2}' "$out")
  socket_errors=$(awk '$1=="socket_errors"{print $2}' "$out")
  if [ "$non2xx" != 0 ] || [ "$socket_errors" != 0 ]; then
    grep -E '^(status|socket_errors)' "$out" >&2
    tail -20 "$RESULTS/warren.log" >&2
    die "wrk $name: $non2xx non-2xx answers, $socket_errors socket errors (see $out)"
  fi
  echo "$(awk '$1=="requests"{print $2}' "$out") $(awk '$1=="duration_us"{print $2}' "$out") $(awk '$1=="status" && $2 ~ /^2/ {s+=$3} END{print s+0}' "$out")"
}

# check_enqueued QUEUE ACCEPTED MAX_CUT: the broker holds every task answered 202; it may hold up to MAX_CUT more:
# the requests in flight when wrk stopped, which warren still publishes after wrk closed their connections
check_enqueued() {
  sleep 1
  local ready; ready=$(queue_ready "$1")
  if [ "$ready" -lt "$2" ] || [ "$ready" -gt $(($2 + $3)) ]; then
    die "queue $1 holds $ready messages but $2 tasks were answered 202 (and at most $3 were in flight at the end)"
  fi
  log "queue $1 holds the $2 accepted tasks (+$(($ready - $2)) from requests cut off at the end)"
}

rate() { awk -v n="$1" -v us="$2" 'BEGIN{printf "%.0f", n * 1000000 / us}'; }

# ---- warm-up (JIT), not counted
if [ "$WARMUP" -gt 0 ]; then
  # on 2 cores the JIT compiles for well over 5 s; both paths are warmed, as both are measured
  run_wrk warmup "$CONNECTIONS" "$WARMUP" single.lua "/api/queues/$Q/tasks" >/dev/null
  run_wrk warmup-batch "$BATCH_CONNECTIONS" $(((WARMUP + 1) / 2)) batch.lua "/api/queues/$Q/tasks/batch" "$BATCH_SIZE" >/dev/null
  sleep 1
  purge_queue "$Q"
fi

# CPU time (µs) per task of warren and of the broker over a measurement: steadier than the rates on a machine that
# other work shares, and it shows where a change's cost goes
BROKER_PID=$(broker_pid)
cpu_now() { echo "$(cpu_ms "$WARREN_PID") $(cpu_ms "${BROKER_PID:-0}")"; }
per_task() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN{if (n > 0) printf "%.0f", (b - a) * 1000 / n}'; }

# ---- (a) single-task publish
read -r W0 R0 <<<"$(cpu_now)"
RES=$(run_wrk single "$CONNECTIONS" "$DURATION" single.lua "/api/queues/$Q/tasks")
read -r W1 R1 <<<"$(cpu_now)"
read -r S_REQ S_US S_OK <<<"$RES"
S_WCPU=$(per_task "$W0" "$W1" "$S_REQ"); S_RCPU=$(per_task "$R0" "$R1" "$S_REQ")
check_enqueued "$Q" "$S_OK" "$CONNECTIONS"
SINGLE=$(rate "$S_REQ" "$S_US")
purge_queue "$Q"

# ---- (b) batch publish
read -r W0 R0 <<<"$(cpu_now)"
RES=$(run_wrk batch "$BATCH_CONNECTIONS" "$DURATION" batch.lua "/api/queues/$Q/tasks/batch" "$BATCH_SIZE")
read -r W1 R1 <<<"$(cpu_now)"
read -r B_REQ B_US B_OK <<<"$RES"
B_WCPU=$(per_task "$W0" "$W1" $((B_REQ * BATCH_SIZE))); B_RCPU=$(per_task "$R0" "$R1" $((B_REQ * BATCH_SIZE)))
check_enqueued "$Q" $((B_OK * BATCH_SIZE)) $((BATCH_CONNECTIONS * BATCH_SIZE))
BATCH=$(rate $((B_REQ * BATCH_SIZE)) "$B_US")
purge_queue "$Q"

# run_perftest NAME PRODUCERS OUTSTANDING: confirmed persistent publishes to a queue warren declared, through the
# default exchange as warren publishes; prints "<steady msg/s> <PerfTest's own average msg/s>". Steady state: the mean
# of the per-second confirmed rates after the first 3 s (PerfTest's JVM starts cold; warren had its warm-up run)
run_perftest() {
  local name=$1 producers=$2 outstanding=$3 out="$RESULTS/perftest-$1.txt" avg steady nacked
  log "PerfTest $name: $producers producer(s), confirms (-c $outstanding), persistent, ${MESSAGE_SIZE} B, ${DURATION}s -> $PQ"
  "$JAVA" -cp "$LIB/*" com.rabbitmq.perf.PerfTest \
      --uri "$AMQP_URI" --producers "$producers" --consumers 0 --confirm "$outstanding" --size "$MESSAGE_SIZE" \
      --time "$DURATION" --flag persistent --queue "$PQ" --predeclared --skip-binding-queues \
      --exchange "" --routing-key "$PQ" --id "bench-perftest-$name" >"$out" 2>&1 \
    || { tail -20 "$out" >&2; die "PerfTest $name failed"; }
  avg=$(sed -n 's/.*sending rate avg: \([0-9]*\) msg\/s.*/\1/p' "$out")
  steady=$(awk '/time [0-9.]+ s, sent/ { t = $4 + 0; for (i = 1; i <= NF; i++) if ($i == "confirmed:") c = $(i+1);
                if (t > 3) { s += c; n++ } } END { if (n) printf "%.0f", s / n }' "$out")
  [ -n "$avg" ] && [ -n "$steady" ] || { cat "$out" >&2; die "cannot read PerfTest's rate ($name)"; }
  nacked=$(awk '/time [0-9.]+ s, sent/ { for (i = 1; i <= NF; i++) if ($i == "nacked:") s += $(i+1) } END { print s + 0 }' "$out")
  [ "$nacked" = 0 ] || log "WARNING: PerfTest $name saw nacks ($nacked msg/s summed over samples)"
  purge_queue "$PQ" >&2
  echo "$steady $avg"
}

# ---- (c) PerfTest with the shape of the single publishes: one producer per connection, one confirm outstanding each
read -r PT_STEADY PT_AVG <<<"$(run_perftest same-shape "$CONNECTIONS" 1)"
[ -n "$PT_STEADY" ] || die "PerfTest same-shape gave no rate"
# ---- (d) PerfTest at its best on this broker: one producer, BENCH_BEST_CONFIRMS (200) confirms outstanding
read -r PT_BEST PT_BEST_AVG <<<"$(run_perftest best 1 "$BEST_CONFIRMS")"
[ -n "$PT_BEST" ] || die "PerfTest best gave no rate"
log "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a / b}'; }
{
  echo
  echo "warren publish benchmark ($RUN_ID, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $QUEUE_TYPE queues)"
  printf '%-52s %12s\n' "measurement" "rate"
  printf '%-52s %12s\n' "----------------------------------------------------" "------------"
  printf '%-52s %12s\n' "single publish, $CONNECTIONS connections (req/s)" "$SINGLE"
  printf '%-52s %12s\n' "batch publish, ${BATCH_SIZE}/req, $BATCH_CONNECTIONS connections (tasks/s)" "$BATCH"
  printf '%-52s %12s\n' "PerfTest confirmed, $CONNECTIONS producers -c 1 (msg/s)" "$PT_STEADY"
  printf '%-52s %12s\n' "  (PerfTest's own average incl. start-up)" "$PT_AVG"
  printf '%-52s %12s\n' "PerfTest confirmed, 1 producer -c $BEST_CONFIRMS (msg/s)" "$PT_BEST"
  printf '%-52s %12s\n' "  (PerfTest's own average incl. start-up)" "$PT_BEST_AVG"
  printf '%-52s %12s\n' "ratio single / PerfTest" "$(ratio "$SINGLE" "$PT_STEADY")"
  printf '%-52s %12s\n' "ratio single / PerfTest at its best" "$(ratio "$SINGLE" "$PT_BEST")"
  printf '%-52s %12s\n' "ratio batch / PerfTest" "$(ratio "$BATCH" "$PT_STEADY")"
  printf '%-52s %12s\n' "CPU per single publish, warren / broker (us)" "$S_WCPU / $S_RCPU"
  printf '%-52s %12s\n' "CPU per batch task, warren / broker (us)" "$B_WCPU / $B_RCPU"
  echo
  echo "single: $S_REQ requests in $((S_US / 1000)) ms, p50 $(awk '$1=="latency_p50_ms"{print $2}' "$RESULTS/wrk-single.txt") ms, p99 $(awk '$1=="latency_p99_ms"{print $2}' "$RESULTS/wrk-single.txt") ms"
  echo "batch:  $B_REQ requests in $((B_US / 1000)) ms, p50 $(awk '$1=="latency_p50_ms"{print $2}' "$RESULTS/wrk-batch.txt") ms, p99 $(awk '$1=="latency_p99_ms"{print $2}' "$RESULTS/wrk-batch.txt") ms"
  echo "warren: $WARREN_BUILD"
  echo "raw output: $RESULTS"
} | tee "$RESULTS/summary.txt"
