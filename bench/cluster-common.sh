# Shared by bench/cluster-chaos.sh and bench/cluster-throughput.sh (sourced after common.sh, not run).
# A three-node RabbitMQ cluster on this machine (separate node names, ports, data directories under $WORK, one
# Erlang cookie, rabbitmqctl join_cluster), a schema of the local PostgreSQL as the shared job store, and warren
# instances (copies of target/warren.jar) given every node in warren.rabbitmq.addresses. Everything is stopped and
# deleted on exit; the machine's own RabbitMQ and PostgreSQL are only used for the schema.

RABBIT_BIN=/usr/lib/rabbitmq/bin
CLUSTER_NODES=${BENCH_CLUSTER_NODES:-3}
AMQP_BASE=${BENCH_CLUSTER_AMQP_PORT:-5700}      # node i: AMQP AMQP_BASE+i, management +10000, distribution +20000
PG_URL=${BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
PG_USER=${BENCH_PG_USER:-postgres}
PG_SCHEMA="bench_cluster_$(date +%s)"
COOKIE="WARRENBENCH$(date +%s%N)"
declare -A NODE_PIDS=() W_PIDS=() W_URLS=()

node_name() { echo "warren-bench-$1@localhost"; }
node_dir() { echo "$WORK/rabbit/n$1"; }
amqp_port() { echo $((AMQP_BASE + $1)); }
mgmt_port() { echo $((AMQP_BASE + 10000 + $1)); }
ctl() { local i=$1; shift; HOME="$(node_dir "$i")/home" "$RABBIT_BIN/rabbitmqctl" -n "$(node_name "$i")" "$@"; }
node_mgmt() { echo "http://127.0.0.1:$(mgmt_port "$1")"; }

# start_node I: starts (or starts again, on its data) node I and waits until it runs
start_node() {
  local i=$1 dir; dir=$(node_dir "$i")
  mkdir -p "$dir/home"
  if [ ! -f "$dir/home/.erlang.cookie" ]; then
    printf '%s' "$COOKIE" >"$dir/home/.erlang.cookie"; chmod 400 "$dir/home/.erlang.cookie"
    echo '[rabbitmq_management].' >"$dir/enabled_plugins"
  fi
  for port in "$(amqp_port "$i")" "$(mgmt_port "$i")" $((AMQP_BASE + 20000 + i)); do
    port_in_use "$port" && die "port $port is taken: set BENCH_CLUSTER_AMQP_PORT"
  done
  (cd "$dir" && exec env HOME="$dir/home" RABBITMQ_NODENAME="$(node_name "$i")" \
      RABBITMQ_NODE_PORT="$(amqp_port "$i")" RABBITMQ_DIST_PORT=$((AMQP_BASE + 20000 + i)) \
      RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" \
      RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_PLUGINS_EXPAND_DIR="$dir/plugins-expand" \
      RABBITMQ_CONFIG_FILE="$dir/rabbitmq" RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config" \
      RABBITMQ_PID_FILE="$dir/pid" \
      RABBITMQ_SERVER_START_ARGS="-rabbitmq_management listener [{port,$(mgmt_port "$i")}]" \
      "$RABBIT_BIN/rabbitmq-server" >>"$dir/server.log" 2>&1) &
  NODE_PIDS[$i]=$!
  local deadline=$((SECONDS + 120))
  until ctl "$i" await_startup >/dev/null 2>&1 && curl -sf -m 2 -u guest:guest "$(node_mgmt "$i")/api/overview" >/dev/null; do
    kill -0 "${NODE_PIDS[$i]}" 2>/dev/null || { tail -20 "$dir/server.log" >&2; die "node $i exited"; }
    [ "$SECONDS" -lt "$deadline" ] || die "node $i not running after 120 s (log: $dir)"
    sleep 1
  done
  log "RabbitMQ node $(node_name "$i") runs: AMQP $(amqp_port "$i"), management $(mgmt_port "$i")"
}

# stop_node I: rabbitmqctl stop (the node's Erlang VM ends)
stop_node() {
  ctl "$1" stop >/dev/null 2>&1 || true
  local pid=${NODE_PIDS[$1]:-}
  if [ -n "$pid" ]; then
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    pkill -9 -P "$pid" 2>/dev/null || true; kill -9 "$pid" 2>/dev/null || true
  fi
  unset "NODE_PIDS[$1]"
}

running_nodes() { curl -s -m 5 -u guest:guest "$(node_mgmt 1)/api/nodes" | jq '[.[] | select(.running)] | length'; }

start_cluster() {
  start_node 1
  for i in $(seq 2 "$CLUSTER_NODES"); do
    start_node "$i"
    ctl "$i" stop_app >/dev/null
    ctl "$i" join_cluster "$(node_name 1)" >/dev/null || die "node $i could not join the cluster"
    ctl "$i" start_app >/dev/null
  done
  local deadline=$((SECONDS + 60))
  until [ "$(running_nodes)" = "$CLUSTER_NODES" ]; do
    [ "$SECONDS" -lt "$deadline" ] || die "the cluster does not report $CLUSTER_NODES running nodes"
    sleep 1
  done
  log "cluster of $CLUSTER_NODES nodes: $(curl -s -u guest:guest "$(node_mgmt 1)/api/nodes" | jq -c '[.[].name]')"
}

cluster_addresses() {
  local list="" i
  for i in $(seq 1 "$CLUSTER_NODES"); do list+="${list:+,}127.0.0.1:$(amqp_port "$i")"; done
  echo "$list"
}

create_schema() {
  psql -q -h 127.0.0.1 -U "$PG_USER" -d "${PG_URL##*/}" -c "CREATE SCHEMA $PG_SCHEMA" >/dev/null \
    || die "cannot create schema $PG_SCHEMA in $PG_URL as $PG_USER (BENCH_PG_URL, BENCH_PG_USER)"
  log "job store: PostgreSQL $PG_URL, schema $PG_SCHEMA"
}

# start_instance J PORT: warren instance J on every node of the cluster and the shared PostgreSQL schema
start_instance() {
  local j=$1 port; port=$(free_port "$2")
  if [ ! -d "$WORK/app" ]; then mkdir -p "$WORK/app"; cp -r "$ROOT/target/warren.jar" "$ROOT/target/lib" "$WORK/app/"; fi
  (cd "$ROOT" && exec "$JAVA" ${BENCH_WARREN_JVM_OPTS:-} -Dcamel.server.port="$port" \
      "-Dwarren.store.url=$PG_URL?currentSchema=$PG_SCHEMA" -Dwarren.store.user="$PG_USER" \
      -Dwarren.store.password=unused \
      -Dwarren.rabbitmq.uri=amqp://guest:guest@127.0.0.1 -Dwarren.rabbitmq.addresses="$(cluster_addresses)" \
      -Dwarren.rabbitmq.management-uri="http://guest:guest@127.0.0.1:$(mgmt_port 1)" \
      -Dwarren.auth.admin-key="$WARREN_KEY" \
      -jar "$WORK/app/warren.jar" >>"$RESULTS/warren-$j.log" 2>&1) &
  W_PIDS[$j]=$!
  W_URLS[$j]="http://127.0.0.1:$port"
  local deadline=$((SECONDS + 120))
  until curl -H "Authorization: Bearer $WARREN_KEY" -sf -m 2 "${W_URLS[$j]}/api/queues" >/dev/null 2>&1; do
    kill -0 "${W_PIDS[$j]}" 2>/dev/null || { tail -30 "$RESULTS/warren-$j.log" >&2; die "warren $j exited at start-up"; }
    [ "$SECONDS" -lt "$deadline" ] || die "warren $j not ready after 120 s"
    sleep 0.5
  done
  log "warren $j ready at ${W_URLS[$j]} (pid ${W_PIDS[$j]})"
}

# stop_instance J [SIGNAL]: TERM (a graceful stop) unless told KILL
stop_instance() {
  local pid=${W_PIDS[$1]:-}
  [ -n "$pid" ] || return 0
  kill "-${2:-TERM}" "$pid" 2>/dev/null || true
  for _ in $(seq 90); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  unset "W_PIDS[$1]"
}

# on J: api calls go to instance J
on() { WARREN=${W_URLS[$1]}; }

cleanup_cluster() {
  local rc=$?
  trap - EXIT INT TERM
  for pid in "${HELPER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for j in "${!W_PIDS[@]}"; do stop_instance "$j"; done
  for i in "${!NODE_PIDS[@]}"; do stop_node "$i"; done
  psql -q -h 127.0.0.1 -U "$PG_USER" -d "${PG_URL##*/}" -c "DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
  exit "$rc"
}
