#!/usr/bin/env bash
# Delivery throughput of one, two and three warren instances on one three-node RabbitMQ cluster (issue #16).
# Starts the cluster, a PostgreSQL schema as the shared job store and bench/target-server/TargetServer.java (answers
# 200 at once, counts requests and distinct webhook-ids), then for N = 1, 2, 3 running instances:
#   pre-loads BENCH_TASKS (10000) tasks into a fresh quorum queue (3 replicas) through instance 1's batch endpoint,
#   creates one worker group of BENCH_CONSUMERS (16) consumers, split across the N instances, and times from the group creation until the target
#   has answered every task once; prints tasks/s and the CPU seconds warren (all instances), the three RabbitMQ
#   nodes and the target used per 1000 tasks, which shows what limited the run.
# Needs what bench/cluster-chaos.sh needs. ~5 min. Results in bench/results/<time>-cluster-throughput/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$BENCH_DIR/cluster-common.sh"
trap cleanup_cluster EXIT
trap 'exit 130' INT TERM

PORT=${BENCH_PORT:-18090}
TARGET_PORT=$(free_port "${BENCH_TARGET_PORT:-18190}")
N=${BENCH_TASKS:-10000}
CONSUMERS=${BENCH_CONSUMERS:-16}
TIMEOUT=${BENCH_TIMEOUT:-600}
BATCH=500

setup_java
setup_tools
build_warren
start_cluster
create_schema

TARGET="http://127.0.0.1:$TARGET_PORT"
"$JAVA" "$BENCH_DIR/target-server/TargetServer.java" "$TARGET_PORT" 64 >"$RESULTS/target.log" 2>&1 &
TARGET_PID=$!
HELPER_PIDS+=("$TARGET_PID")
until curl -sf -m 2 "$TARGET/stats" >/dev/null 2>&1; do kill -0 "$TARGET_PID" || die "the target did not start"; sleep 0.3; done
target_stats() { curl -sf -m 10 "$TARGET/stats"; }

BODY="$WORK/batch.json"
jq -nc --argjson n "$BATCH" '{tasks: [range($n) | {payload: {orderId: "ord-000123456",
  items: [{sku: "SKU-1001", qty: 2, price: 19.99}], note: "leave at the front door"}}]}' >"$BODY"

cpu_of_all() { local total=0 pid; for pid in "$@"; do total=$((total + $(cpu_ms "$pid"))); done; echo "$total"; }
# a node's Erlang VM: its name comes from the environment, its -home argument names its directory
beam_pids() { local i; for i in "${!NODE_PIDS[@]}"; do pgrep -f "beam.*-home $(node_dir "$i")/home" | head -1; done; }

echo "| instances | consumers (whole group) | tasks | tasks/s | CPU s per 1000 tasks: warren / RabbitMQ / target | load average |" >"$RESULTS/table.md"
echo "|---|---|---|---|---|---|" >>"$RESULTS/table.md"
for n in 1 2 3; do
  start_instance "$n" $((PORT + n - 1))
  queue="bench-cluster-$n"
  on 1
  api PUT "/api/queues/$queue" '{"type": "quorum"}' >/dev/null || die "cannot declare $queue"
  for _ in $(seq $((N / BATCH))); do api POST "/api/queues/$queue/tasks/batch" "@$BODY" >/dev/null || die "pre-load failed"; done
  curl -sf -m 10 -o /dev/null -X POST "$TARGET/reset"
  mapfile -t BEAMS < <(beam_pids)
  W0=$(cpu_of_all "${W_PIDS[@]}"); R0=$(cpu_of_all "${BEAMS[@]}"); T0CPU=$(cpu_ms "$TARGET_PID")
  T0=$(now_ms)
  # one group for all instances: its count is split across the live ones
  on 1
  api PUT "/api/queues/$queue/workers" "{\"count\": $CONSUMERS, \"type\": \"http\", \"target\": {\"url\": \"$TARGET/\"}}" >/dev/null \
    || die "no group"
  deadline=$((SECONDS + TIMEOUT))
  until [ "$(target_stats | jq .count)" -ge "$N" ]; do
    [ "$SECONDS" -lt "$deadline" ] || die "$queue not drained after ${TIMEOUT}s"
    sleep 0.2
  done
  stats=$(target_stats)
  MS=$(($(jq .lastAt <<<"$stats") - T0))
  W1=$(cpu_of_all "${W_PIDS[@]}"); R1=$(cpu_of_all "${BEAMS[@]}"); T1CPU=$(cpu_ms "$TARGET_PID")
  sleep 2
  [ "$(target_stats | jq .count)" = "$N" ] && [ "$(target_stats | jq .distinct)" = "$N" ] \
    || log "WARNING: the target got $(target_stats | jq -c .) for $N tasks"
  rate=$(awk -v n="$N" -v ms="$MS" 'BEGIN{printf "%.0f", n * 1000 / ms}')
  per1000() { awk -v a="$1" -v b="$2" -v n="$N" 'BEGIN{printf "%.2f", (b - a) / n}'; }
  row="| $n | $CONSUMERS (split across $n) | $N | $rate | $(per1000 "$W0" "$W1") / $(per1000 "$R0" "$R1") / $(per1000 "$T0CPU" "$T1CPU") | $(cut -d' ' -f1-3 /proc/loadavg) |"
  echo "$row" >>"$RESULTS/table.md"
  log "$row"
  # one group for all the instances: deleting it through one removes it everywhere
  on 1; api DELETE "/api/queues/$queue/workers" >/dev/null || true
  on 1; api DELETE "/api/queues/$queue" >/dev/null || true
done
{
  echo "# cluster throughput $RUN_ID ($WARREN_BUILD), $(nproc) cores, RabbitMQ $(curl -s -u guest:guest "$(node_mgmt 1)/api/overview" | jq -r .rabbitmq_version) x $CLUSTER_NODES nodes"
  cat "$RESULTS/table.md"
} | tee "$RESULTS/result.txt"
