#!/usr/bin/env bash
# End-to-end delivery throughput of a warren worker group beside a hand-written consumer, in one run, and the
# time a live scale takes to show on the broker:
#   (a) warren: BENCH_WARMUP_TASKS + BENCH_TASKS (60000 + 20000) tasks pre-loaded into a queue (warren's batch
#       endpoint), then PUT /api/queues/{q}/workers {"count": 16, "type": "http", "prefetch": P, "target": {"url":
#       <local target>}}; timed from when the target has answered the warm-up tasks until it answered the last task
#       and the queue has no ready message; warren's, the broker's and the target's CPU per task over that time.
#   (b) baseline: the same number of tasks pre-loaded the same way into another queue, consumed by
#       bench/baseline/Baseline.java (RabbitMQ Java client + java.net.http, 16 consumers, same prefetch, manual
#       ack after a 2xx, same target); timed from just before it connects until the target answered the last task.
#   (c) scale: a group of 1 consumer on an empty queue, POST /api/queues/{q}/workers/scale {"count": 50},
#       timed until GET /api/queues/{q} (a passive declare: the broker's live count) shows 50 consumers;
#       BENCH_SCALE_REPEATS (3) times, scaling back to 1 in between (and waiting until the group reports 1
#       running consumer, i.e. the stopped consumers' threads ended).
# The target is bench/target-server/TargetServer.java (JDK HttpServer, 64 threads, answers 200 at once, counts
# requests and distinct webhook-ids: every task must arrive exactly once or the script fails).
#
# Environment: BENCH_PORT (18090), BENCH_TARGET_PORT (18190), BENCH_TASKS (20000), BENCH_CONSUMERS (16),
# BENCH_PREFETCH (1), BENCH_WARMUP_TASKS (60000 delivered by the same group first, not counted; the first
# BENCH_COLD_TASKS (20000) of them give the cold-start rate), BENCH_SCALE_TO (50),
# BENCH_SCALE_REPEATS (3), BENCH_TIMEOUT (600 s for one drain), BENCH_QUEUE_TYPE (quorum), BENCH_AMQP_URI,
# BENCH_PARTS (abc: which of (a), (b), (c) to run; "c" measures the scale alone), BENCH_BROKER_IDLE_MS (150: before
# (a)'s group is created, the broker's CPU per second must fall below this, at most 30 s).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PORT=${BENCH_PORT:-18090}
TARGET_PORT=${BENCH_TARGET_PORT:-18190}
N=${BENCH_TASKS:-20000}
CONSUMERS=${BENCH_CONSUMERS:-16}
PREFETCH=${BENCH_PREFETCH:-1}
WARMUP_TASKS=${BENCH_WARMUP_TASKS:-60000}
COLD_TASKS=${BENCH_COLD_TASKS:-20000}
SCALE_TO=${BENCH_SCALE_TO:-50}
SCALE_REPEATS=${BENCH_SCALE_REPEATS:-3}
TIMEOUT=${BENCH_TIMEOUT:-600}
BATCH=1000
# BENCH_PARTS: which of (a), (b), (c) to run, e.g. "c" for the scale measurement alone (~20 s instead of ~1.5 min)
PARTS=${BENCH_PARTS:-abc}
part() { [[ "$PARTS" == *"$1"* ]]; }
W_RATE=-; B_RATE=-; COLD_RATE=-; W_CPU=-; BROKER_CPU=-; TARGET_CPU=-; SCALE_MEDIAN=-; W_MS=-; B_MS=-; SCALE_MS=()
COLD_FIRST_MS=-; COLD_CPU=(- - - - -); W_JIT=-

WQ=bench-delivery-warren
BQ=bench-delivery-baseline
SQ=bench-scale

setup_java
setup_tools
fetch_lib
check_broker
build_warren

# ---- the target
TARGET_PORT=$(free_port "$TARGET_PORT")
TARGET="http://127.0.0.1:$TARGET_PORT"
log "starting the target on $TARGET"
"$JAVA" "$BENCH_DIR/target-server/TargetServer.java" "$TARGET_PORT" 64 >"$RESULTS/target.log" 2>&1 &
HELPER_PIDS+=($!)
deadline=$((SECONDS + 60))
until curl -sf -m 2 "$TARGET/stats" >/dev/null 2>&1; do
  [ "$SECONDS" -lt "$deadline" ] || { cat "$RESULTS/target.log" >&2; die "the target did not start"; }
  sleep 0.3
done
target_stats() { curl -sf -m 10 "$TARGET/stats"; }
target_reset() { curl -sf -m 10 -o /dev/null -X POST "$TARGET/reset"; }

start_warren "$PORT"
log "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
declare_queue "$WQ"
declare_queue "$BQ"
declare_queue "$SQ"

# the batch body: BATCH tasks with the same ~200-byte payload as the publish benchmark (too long for an argument)
BODY="$WORK/batch.json"
jq -nc --argjson n "$BATCH" '{tasks: [range($n) | {payload: {orderId: "ord-000123456",
  customer: {id: "cus-98765", email: "someone@example.com"},
  items: [{sku: "SKU-1001", qty: 2, price: 19.99}, {sku: "SKU-2002", qty: 1, price: 5.49}],
  note: "leave at the front door"}}]}' >"$BODY"

# preload QUEUE COUNT: COUNT tasks (a multiple of BATCH, or less than one batch) through warren's batch endpoint
preload() {
  local queue=$1 count=$2 body=$BODY sent=0
  if [ "$count" -lt "$BATCH" ]; then
    body="$WORK/batch-$count.json"
    jq -c --argjson n "$count" '.tasks |= .[:$n]' "$BODY" >"$body"
  fi
  while [ "$sent" -lt "$count" ]; do
    api POST "/api/queues/$queue/tasks/batch" "@$body" >/dev/null || die "pre-loading $queue failed"
    sent=$((sent + $(jq '.tasks | length' "$body")))
  done
  local ready; ready=$(queue_ready "$queue")
  [ "$ready" = "$count" ] || die "queue $queue holds $ready messages after pre-loading $count"
  log "pre-loaded $count tasks into $queue"
}

# wait_drained QUEUE COUNT: until the target answered COUNT tasks and QUEUE has no ready message
wait_drained() {
  local queue=$1 count=$2 deadline=$((SECONDS + TIMEOUT)) got
  while :; do
    got=$(target_stats | jq .count)
    if [ "$got" -ge "$count" ] && [ "$(queue_ready "$queue")" = 0 ]; then return 0; fi
    [ "$SECONDS" -lt "$deadline" ] || die "$queue not drained after ${TIMEOUT}s: the target got $got of $count"
    sleep 0.1
  done
}

# check_exactly_once WHAT COUNT: every task reached the target once
check_exactly_once() {
  local stats count distinct
  stats=$(target_stats); count=$(jq .count <<<"$stats"); distinct=$(jq .distinct <<<"$stats")
  if [ "$count" != "$2" ] || [ "$distinct" != "$2" ]; then
    die "$1: the target got $count requests for $distinct distinct tasks, expected $2 of each"
  fi
}

# settle_broker: waits (up to 30 s) until the broker uses less than BENCH_BROKER_IDLE_MS (150) ms of CPU per second, and
# logs what it saw: a broker still busy with the pre-load would count against warren's cold start (so far it was
# idle at once)
settle_broker() {
  local pid seen=() before after i
  pid=$(broker_pid); [ -n "$pid" ] || return 0
  for i in $(seq 30); do
    before=$(cpu_ms "$pid"); sleep 1; after=$(cpu_ms "$pid")
    seen+=("$((after - before))")
    [ "$((after - before))" -ge "${BENCH_BROKER_IDLE_MS:-150}" ] || break
  done
  log "broker CPU after the pre-load (ms per second): ${seen[*]}"
}

group_spec() {
  printf '{"count": %d, "type": "http", "prefetch": %d, "target": {"url": "%s/"}}' "$1" "$PREFETCH" "$TARGET"
}

# ---- (a) warren: WARMUP_TASKS + N tasks in one run of one group; the clock runs over the last N only, so that
# the JIT, the HTTP connection pool and the broker are warm and nothing (a new group, a pre-load) disturbs them
if part a; then
TOTAL=$((WARMUP_TASKS + N))
preload "$WQ" "$TOTAL"
target_reset
settle_broker
log "warren: $CONSUMERS consumers, prefetch $PREFETCH, $WARMUP_TASKS tasks of warm-up then $N measured -> $TARGET/"
TARGET_PID=${HELPER_PIDS[0]}
BROKER_PID=$(broker_pid)
# CPU ms of warren, the broker, the target, warren's and the target's JIT compiler threads, for the cold and the
# warm window
cpu_all() {
  echo "$(cpu_ms "$WARREN_PID") $(cpu_ms "$BROKER_PID") $(cpu_ms "$TARGET_PID") $(jit_cpu_ms "$WARREN_PID") $(jit_cpu_ms "$TARGET_PID")"
}
read -ra CPUC0 <<<"$(cpu_all)"
TC0=$(now_ms)
api PUT "/api/queues/$WQ/workers" "$(group_spec "$CONSUMERS")" >"$RESULTS/warren-group.json" \
  || die "cannot create the worker group"
deadline=$((SECONDS + TIMEOUT))
# cold start: the first COLD_TASKS tasks of a fresh warren's first group, from the request that creates it
until [ "$(target_stats | jq .count)" -ge "$COLD_TASKS" ]; do
  [ "$SECONDS" -lt "$deadline" ] || die "the first $COLD_TASKS tasks not delivered after ${TIMEOUT}s"
  sleep 0.05
done
COLD_RATE=$(awk -v n="$COLD_TASKS" -v ms="$(($(now_ms) - TC0))" 'BEGIN{printf "%.0f", n * 1000 / ms}')
read -ra CPUC1 <<<"$(cpu_all)"
COLD_DONE=$(target_stats | jq .count)
COLD_FIRST_MS=$(($(target_stats | jq .firstAt) - TC0))
for i in 0 1 2 3 4; do
  COLD_CPU[i]=$(awk -v a="${CPUC0[i]}" -v b="${CPUC1[i]}" -v n="$COLD_DONE" 'BEGIN{printf "%.0f", (b - a) * 1000 / n}')
done
log "warren: the first $COLD_TASKS tasks at $COLD_RATE tasks/s (cold start; first one at the target $COLD_FIRST_MS ms after the group request; CPU per task: warren ${COLD_CPU[0]} us of which JIT ${COLD_CPU[3]}, broker ${COLD_CPU[1]}, target ${COLD_CPU[2]} of which JIT ${COLD_CPU[4]})"
until [ "$(target_stats | jq .count)" -ge "$WARMUP_TASKS" ]; do
  [ "$SECONDS" -lt "$deadline" ] || die "warm-up not done after ${TIMEOUT}s"
  sleep 0.05
done
read -ra CPU0 <<<"$(cpu_all)"
T0=$(now_ms)
MEASURED=$((TOTAL - $(target_stats | jq .count)))
wait_drained "$WQ" "$TOTAL"
read -ra CPU1 <<<"$(cpu_all)"
check_exactly_once warren "$TOTAL"
# CPU per delivered task (µs) of warren, the broker and the target over the measured tasks: steadier than the
# rate when the machine is saturated, and it shows where a change's cost goes
per_task_us() { awk -v a="$1" -v b="$2" -v n="$MEASURED" 'BEGIN{printf "%.0f", (b - a) * 1000 / n}'; }
W_CPU=$(per_task_us "${CPU0[0]}" "${CPU1[0]}")
BROKER_CPU=$(per_task_us "${CPU0[1]}" "${CPU1[1]}")
TARGET_CPU=$(per_task_us "${CPU0[2]}" "${CPU1[2]}")
W_JIT=$(per_task_us "${CPU0[3]}" "${CPU1[3]}")
W_LAST=$(target_stats | jq .lastAt)
W_MS=$((W_LAST - T0))
GROUP=$(api GET "/api/queues/$WQ/workers")
echo "$GROUP" >"$RESULTS/warren-group-after.json"
W_SUCCEEDED=$(jq .succeeded <<<"$GROUP"); W_FAILED=$(jq .failed <<<"$GROUP")
api DELETE "/api/queues/$WQ/workers" >/dev/null || die "cannot delete the worker group"
W_RATE=$(awk -v n="$MEASURED" -v ms="$W_MS" 'BEGIN{printf "%.0f", n * 1000 / ms}')
log "warren: the last $MEASURED tasks in $W_MS ms = $W_RATE tasks/s (group counters: succeeded $W_SUCCEEDED, failed $W_FAILED)"
purge_queue "$WQ"
fi

# ---- (b) baseline
if part b; then
preload "$BQ" "$N"
target_reset
log "baseline: $CONSUMERS consumers, prefetch $PREFETCH, $N tasks -> $TARGET/"
"$JAVA" -cp "$(amqp_classpath)" "$BENCH_DIR/baseline/Baseline.java" --uri "$AMQP_URI" --queue "$BQ" \
    --consumers "$CONSUMERS" --prefetch "$PREFETCH" --target "$TARGET/" --expect "$N" --timeout-s "$TIMEOUT" \
    >"$RESULTS/baseline.txt" 2>&1 || { cat "$RESULTS/baseline.txt" >&2; die "the baseline consumer failed"; }
B_START=$(sed -n 's/.*baseline start=\([0-9]*\).*/\1/p' "$RESULTS/baseline.txt")
[ -n "$B_START" ] || { cat "$RESULTS/baseline.txt" >&2; die "cannot read the baseline's output"; }
wait_drained "$BQ" "$N"
check_exactly_once baseline "$N"
B_LAST=$(target_stats | jq .lastAt)
B_MS=$((B_LAST - B_START))
B_RATE=$(awk -v n="$N" -v ms="$B_MS" 'BEGIN{printf "%.0f", n * 1000 / ms}')
log "baseline: $N tasks in $B_MS ms = $B_RATE tasks/s ($(grep '^baseline' "$RESULTS/baseline.txt"))"
fi

# ---- (c) scale 1 -> SCALE_TO
consumers() { queue_view "$1" | jq .consumers; }
# wait_consumers QUEUE N: prints the ms until the broker shows N consumers of QUEUE, counted from $2 (epoch ms)
wait_consumers() {
  local queue=$1 want=$2 from=$3 deadline=$((SECONDS + 60))
  until [ "$(consumers "$queue")" = "$want" ]; do
    [ "$SECONDS" -lt "$deadline" ] || die "$queue: the broker does not show $want consumers after 60 s"
    sleep 0.01
  done
  echo $(($(now_ms) - from))
}
# wait_running QUEUE N FROM: like wait_consumers, for the group's own count of live consumers ("running")
wait_running() {
  local queue=$1 want=$2 from=$3 deadline=$((SECONDS + 60))
  until [ "$(api GET "/api/queues/$queue/workers" | jq .running)" = "$want" ]; do
    [ "$SECONDS" -lt "$deadline" ] || die "$queue: the group does not report $want running consumers after 60 s"
    sleep 0.05
  done
  echo $(($(now_ms) - from))
}
if part c; then
api PUT "/api/queues/$SQ/workers" "$(group_spec 1)" >/dev/null || die "cannot create the scale group"
wait_consumers "$SQ" 1 "$(now_ms)" >/dev/null
wait_running "$SQ" 1 "$(now_ms)" >/dev/null
SCALE_MS=()
for i in $(seq "$SCALE_REPEATS"); do
  T0=$(now_ms)
  api POST "/api/queues/$SQ/workers/scale" "{\"count\": $SCALE_TO}" >/dev/null || die "scale to $SCALE_TO failed"
  ANSWERED=$(($(now_ms) - T0))
  UP=$(wait_consumers "$SQ" "$SCALE_TO" "$T0")
  SCALE_MS+=("$UP")
  T0=$(now_ms)
  api POST "/api/queues/$SQ/workers/scale" '{"count": 1}' >/dev/null || die "scale to 1 failed"
  DOWN=$(wait_consumers "$SQ" 1 "$T0")
  # the next repetition starts from a settled group, so that each one measures the same: the broker already shows
  # 1 consumer, but the stopped consumers' threads take up to ~1 s more to end (the group view's "running" counts them)
  SETTLED=$(wait_running "$SQ" 1 "$T0")
  log "scale #$i: 1 -> $SCALE_TO visible after $UP ms (request answered after $ANSWERED ms); back to 1 after $DOWN ms (threads ended after $SETTLED ms)"
done
SCALE_MEDIAN=$(printf '%s\n' "${SCALE_MS[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
api DELETE "/api/queues/$SQ/workers" >/dev/null || true
fi
log "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

{
  echo
  echo "warren delivery benchmark ($RUN_ID, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $QUEUE_TYPE queues)"
  echo "$N tasks, $CONSUMERS consumers, prefetch $PREFETCH, target $TARGET/ (200 at once)"
  echo "JDK: $JAVA_HOME; warren's JVM options: ${BENCH_WARREN_JVM_OPTS:-(none)}"
  printf '%-40s %12s\n' "measurement" "value"
  printf '%-40s %12s\n' "----------------------------------------" "------------"
  printf '%-40s %12s\n' "warren (tasks/s)" "$W_RATE"
  printf '%-40s %12s\n' "baseline consumer (tasks/s)" "$B_RATE"
  printf '%-40s %12s\n' "ratio warren / baseline" "$(awk -v a="$W_RATE" -v b="$B_RATE" 'BEGIN{if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b}')"
  printf '%-40s %12s\n' "warren, first $COLD_TASKS (tasks/s)" "$COLD_RATE"
  printf '%-40s %12s\n' "ratio cold / warm (warren)" "$(awk -v a="$COLD_RATE" -v b="$W_RATE" 'BEGIN{if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b}')"
  printf '%-40s %12s\n' "warren CPU per task (us)" "$W_CPU"
  printf '%-40s %12s\n' "  of which JIT compiler threads (us)" "$W_JIT"
  printf '%-40s %12s\n' "cold: first task at the target (ms)" "$COLD_FIRST_MS"
  printf '%-40s %12s\n' "cold: warren CPU per task (us)" "${COLD_CPU[0]}"
  printf '%-40s %12s\n' "  of which JIT compiler threads (us)" "${COLD_CPU[3]}"
  printf '%-40s %12s\n' "cold: broker CPU per task (us)" "${COLD_CPU[1]}"
  printf '%-40s %12s\n' "cold: target CPU per task (us)" "${COLD_CPU[2]}"
  printf '%-40s %12s\n' "  of which JIT compiler threads (us)" "${COLD_CPU[4]}"
  printf '%-40s %12s\n' "broker CPU per task (us), warren's run" "${BROKER_PID:+$BROKER_CPU}"
  printf '%-40s %12s\n' "target CPU per task (us), warren's run" "$TARGET_CPU"
  printf '%-40s %12s\n' "ratio warren / broker CPU per task" "$(awk -v a="$W_CPU" -v b="${BROKER_CPU:-0}" 'BEGIN{if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b}')"
  printf '%-40s %12s\n' "scale 1 -> $SCALE_TO visible (ms, median)" "$SCALE_MEDIAN"
  echo
  echo "warren: $W_MS ms, baseline: $B_MS ms; scale runs (ms): ${SCALE_MS[*]}"
  echo "warren: $WARREN_BUILD"
  echo "raw output: $RESULTS"
} | tee "$RESULTS/summary.txt"
