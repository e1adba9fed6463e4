#!/usr/bin/env bash
# Chaos run of warren on a RabbitMQ cluster (issue #16): no task answered 202 may be lost.
#   1. starts a three-node RabbitMQ cluster on this machine (nodes warren-bench-{1,2,3}@localhost, AMQP ports
#      5701-5703, management 15701-15703, distribution 25701-25703, data under /tmp/bench-store-*, one Erlang
#      cookie, rabbitmqctl join_cluster), a schema of the local PostgreSQL (127.0.0.1:5432/test as postgres) as
#      the shared job store, and two warren instances with warren.rabbitmq.addresses listing the three nodes;
#   2. declares a quorum queue (replicated on the three nodes) and one worker group of BENCH_CONSUMERS (4),
#      split across the two instances, towards a local target;
#   3. publishes from BENCH_PUBLISHERS (4) threads to both instances in turn (bench/cluster/ChaosLoad.java, which
#      is also the target and counts each task's deliveries) until BENCH_AFTER (20) s after the restarts below;
#   4. meanwhile: after 15 s stops (rabbitmqctl stop) the node 2/3 holding more warren connections, after 10 s more
#      kills warren 2 (kill -9, in-flight deliveries cut off), after 15 s more starts both again;
#   5. waits until every task answered 202 reached the target (at most BENCH_DRAIN_SECONDS, 180) and prints
#      accepted (202) / refused (503 or other) / connection failures (instance down) / delivered / duplicated / lost,
#      and delivered_without_202: tasks whose publish the broker took but whose answer the client never got (warren
#      killed mid-request). Exits 1 when lost > 0.
# Node 1 is never stopped: it serves the management API warren is given (one URI; see docs/deployment.md).
# Needs: rabbitmq-server in /usr/lib/rabbitmq/bin, psql and a PostgreSQL accepting postgres@127.0.0.1 (trust),
# JDK >= 17, curl, jq. ~4 min. Results in bench/results/<time>-cluster-chaos/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$BENCH_DIR/cluster-common.sh"
trap cleanup_cluster EXIT
trap 'exit 130' INT TERM

PORT=${BENCH_PORT:-18090}
TARGET_PORT=$(free_port "${BENCH_TARGET_PORT:-18190}")
AFTER=${BENCH_AFTER:-20}
DRAIN=${BENCH_DRAIN_SECONDS:-180}
PUBLISHERS=${BENCH_PUBLISHERS:-4}
CONSUMERS=${BENCH_CONSUMERS:-4}
QUEUE=bench-chaos

setup_java
setup_tools
build_warren
start_cluster
create_schema
start_instance 1 "$PORT"
start_instance 2 $((PORT + 1))

on 1
api PUT "/api/queues/$QUEUE" '{"type": "quorum"}' >/dev/null || die "cannot declare $QUEUE"
curl -s -u guest:guest "$(node_mgmt 1)/api/queues/%2F/$QUEUE" \
  | jq -c '{queue: .name, type, members, leader, initialGroupSize: .arguments["x-quorum-initial-group-size"]}' \
  | tee "$RESULTS/queue.json" >&2
GROUP=$(printf '{"count": %d, "type": "http", "target": {"url": "http://127.0.0.1:%d/"}}' "$CONSUMERS" "$TARGET_PORT")
on 1; api PUT "/api/queues/$QUEUE/workers" "$GROUP" >/dev/null || die "no group"

log "load: $PUBLISHERS publishers to ${W_URLS[1]} and ${W_URLS[2]}; load average $(cut -d' ' -f1-3 /proc/loadavg)"
STOP_FILE="$WORK/stop-publishing"
"$JAVA" -DstopFile="$STOP_FILE" "$BENCH_DIR/cluster/ChaosLoad.java" "$TARGET_PORT" 1800 "$DRAIN" "$PUBLISHERS" "$QUEUE" \
  "$WARREN_KEY" "${W_URLS[1]}" "${W_URLS[2]}" >"$RESULTS/summary.txt" 2> >(tee "$RESULTS/load.log" >&2) &
LOAD_PID=$!
HELPER_PIDS+=("$LOAD_PID")

connections_on() {
  curl -s -m 5 -u guest:guest "$(node_mgmt 1)/api/connections" \
    | jq --arg n "$(node_name "$1")" '[.[] | select(.node == $n and .client_properties.connection_name == "warren")] | length'
}
sleep 15
VICTIM=2
[ "$(connections_on 3)" -gt "$(connections_on 2)" ] && VICTIM=3
log "CHAOS: stopping RabbitMQ node $(node_name "$VICTIM") ($(connections_on "$VICTIM") warren connection(s) on it)"
stop_node "$VICTIM"
sleep 10
log "CHAOS: kill -9 warren 2 (pid ${W_PIDS[2]})"
stop_instance 2 KILL
sleep 15
log "CHAOS: starting node $(node_name "$VICTIM") and warren 2 again"
start_node "$VICTIM"
start_instance 2 $((PORT + 1))
sleep "$AFTER"
touch "$STOP_FILE"
log "cluster: $(running_nodes) running nodes; queue $(curl -s -u guest:guest "$(node_mgmt 1)/api/queues/%2F/$QUEUE" | jq -c '{members, online, leader}')"

set +e
wait "$LOAD_PID"
LOST_EXIT=$?
set -e
{
  echo "# cluster chaos run $RUN_ID ($WARREN_BUILD), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# RabbitMQ $(curl -s -u guest:guest "$(node_mgmt 1)/api/overview" | jq -r .rabbitmq_version), $CLUSTER_NODES nodes; stopped node $VICTIM and killed warren 2"
  cat "$RESULTS/summary.txt"
} | tee "$RESULTS/result.txt"
exit "$LOST_EXIT"
