# Shared by bench/publish.sh and bench/delivery.sh (sourced, not run).
# Finds a JDK >= 17, installs/fetches the tools, builds and starts warren on a free port with its own
# throw-away store, and cleans up (warren, helper processes, benchmark queues) on exit.

shopt -s inherit_errexit
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
LIB="$BENCH_DIR/lib"

AMQP_URI=${BENCH_AMQP_URI:-amqp://guest:guest@127.0.0.1:5672}
MGMT=${BENCH_MANAGEMENT_URI:-http://127.0.0.1:15672}
MGMT_USER=${BENCH_MANAGEMENT_USER:-guest:guest}
# Queue type of every benchmark queue (warren's default is quorum); PerfTest uses the same queue settings.
QUEUE_TYPE=${BENCH_QUEUE_TYPE:-quorum}

RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS="$BENCH_DIR/results/$RUN_ID-$(basename "$0" .sh)"
WORK=$(mktemp -d "/tmp/bench-store-$$.XXXX")
mkdir -p "$RESULTS"

WARREN_PID=""
WARREN=""           # http://127.0.0.1:PORT once started
# the admin key the benchmarks' warren is given, sent with every request (curl and wrk)
export WARREN_KEY="${WARREN_KEY:-wrn_bench-admin-key-$(date +%s)-0123456789}"
HELPER_PIDS=()      # other processes this run started (target server, ...)
BENCH_QUEUES=()     # queues to delete at the end

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ms() { date +%s%3N; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $*"; fi
}
APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

# ------------------------------------------------------------------------------------------ JDK >= 17
java_major() {
  local v
  v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -1)
  v=${v#1.}
  echo "${v%%[.+-]*}"
}
is_jdk17() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local m; m=$(java_major "$1")
  [ -n "$m" ] && [ "$m" -ge 17 ] 2>/dev/null
}
# the newest first: the published figures were measured with Temurin 25
pick_jdk() {
  local d
  for d in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/temurin-25-jdk-amd64 \
           $(ls -d /usr/lib/jvm/*-[2-9][0-9]* /usr/lib/jvm/temurin-* /usr/lib/jvm/*-1[7-9]* 2>/dev/null | sort -rV); do
    if is_jdk17 "$d"; then echo "$d"; return 0; fi
  done
  return 1
}
setup_java() {
  if ! JAVA_HOME=$(pick_jdk); then
    apt_install openjdk-17-jdk-headless || true
    JAVA_HOME=$(pick_jdk) || die "no JDK >= 17 found (JAVA_HOME, /usr/lib/jvm/*); install openjdk-17-jdk-headless or newer"
  fi
  export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
  JAVA="$JAVA_HOME/bin/java"
  log "JDK: $JAVA_HOME (Java $(java_major "$JAVA_HOME"))"
}

# ------------------------------------------------------------------------------------------ tools
setup_tools() {
  local missing=()
  command -v curl >/dev/null || missing+=(curl ca-certificates)
  command -v jq >/dev/null || missing+=(jq)
  for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
}

# PerfTest and the RabbitMQ Java client, from Maven Central into bench/lib (git-ignored)
fetch_lib() {
  if ls "$LIB"/perf-test-*.jar "$LIB"/amqp-client-*.jar >/dev/null 2>&1; then return; fi
  log "fetching PerfTest and amqp-client into bench/lib (Maven Central)"
  (cd "$ROOT" && ./mvnw -q -B -f bench/pom.xml dependency:copy-dependencies) \
    || die "could not fetch bench/lib with Maven (see bench/pom.xml)"
}
amqp_classpath() {
  local client slf4j
  client=$(ls "$LIB"/amqp-client-*.jar | head -1)
  slf4j=$(ls "$LIB"/slf4j-api-*.jar | head -1)
  echo "$client:$slf4j"
}

# ------------------------------------------------------------------------------------------ broker
broker_up() { curl -sf -m 5 -u "$MGMT_USER" "$MGMT/api/overview" >/dev/null; }
check_broker() {
  if ! broker_up; then
    if [ "${BENCH_PREPARE_BROKER:-1}" = 1 ] && [ "$(id -u)" = 0 ] && [ -x "$ROOT/.ci/run" ]; then
      log "no RabbitMQ management API at $MGMT: preparing the machine with CI_SKIP_TESTS=1 .ci/run"
      CI_SKIP_TESTS=1 "$ROOT/.ci/run" >&2
    fi
    broker_up || die "RabbitMQ with the management plugin must answer at $MGMT (guest/guest)"
  fi
  log "broker: RabbitMQ $(curl -s -u "$MGMT_USER" "$MGMT/api/overview" | jq -r .rabbitmq_version) at $AMQP_URI"
}

# ------------------------------------------------------------------------------------------ warren
# build_warren: builds target/warren.jar when it is missing (or always with BENCH_REBUILD=1)
build_warren() {
  if [ "${BENCH_REBUILD:-0}" != 1 ] && [ -f "$ROOT/target/warren.jar" ] && [ -d "$ROOT/target/lib" ]; then
    log "using the existing target/warren.jar (BENCH_REBUILD=1 rebuilds it)"
  else
    log "building warren"
    (cd "$ROOT" && ./mvnw -q -B package -DskipTests) || die "warren does not build"
  fi
  WARREN_BUILD="target/warren.jar of $(date -u -r "$ROOT/target/warren.jar" +%Y-%m-%dT%H:%M:%SZ)"
  if git -C "$ROOT" rev-parse --short HEAD >/dev/null 2>&1; then
    WARREN_BUILD+=", HEAD $(git -C "$ROOT" rev-parse --short HEAD), $(git -C "$ROOT" status --porcelain -- src pom.xml routes | wc -l) uncommitted change(s) in src/pom.xml/routes"
  fi
  log "warren: $WARREN_BUILD"
}

# cpu_ms PID: the CPU time (user + system, ms) the process has used so far; 0 when there is no such process
cpu_ms() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  awk -v hz="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); printf "%d", ($12 + $13) * 1000 / hz}' <<<"$stat"
}
# jit_cpu_ms PID: the CPU time (ms) the JVM's live JIT compiler threads (C1, C2) have used so far; with more than one
# thread per compiler (not on 2 cores by default) the JVM may end idle ones, and their time is then no longer counted
jit_cpu_ms() {
  local hz; hz=$(getconf CLK_TCK)
  grep -l '^C[12] CompilerThre' /proc/"$1"/task/*/comm 2>/dev/null | sed 's/comm$/stat/' | xargs -r cat 2>/dev/null \
    | awk -v hz="$hz" '{sub(/^.*\) /, ""); t += $12 + $13} END{printf "%d", t * 1000 / hz}'
}
# broker_pid: the RabbitMQ node's Erlang VM on this machine (empty when the broker runs elsewhere)
broker_pid() { pgrep -f 'beam.*rabbit' | head -1 || true; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local port=$1
  while port_in_use "$port"; do port=$((port + 1)); done
  echo "$port"
}

# start_warren PORT: runs a copy of target/warren.jar + target/lib (a rebuild by someone else during the run
# cannot pull the classes away) from the project directory (./application.properties, ./routes) with a
# throw-away H2 store under $WORK.
start_warren() {
  local port; port=$(free_port "$1")
  mkdir -p "$WORK/app"
  cp -r "$ROOT/target/warren.jar" "$ROOT/target/lib" "$WORK/app/"
  log "starting warren on 127.0.0.1:$port (log: $RESULTS/warren.log)"
  (cd "$ROOT" && exec "$JAVA" ${BENCH_WARREN_JVM_OPTS:-} \
      -Dcamel.server.port="$port" \
      "-Dwarren.store.url=${BENCH_STORE_URL:-jdbc:h2:file:$WORK/store/warren;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE}" \
      ${BENCH_STORE_OPTS:-} \
      -Dwarren.rabbitmq.uri="$AMQP_URI" \
      -Dwarren.auth.admin-key="$WARREN_KEY" \
      -jar "$WORK/app/warren.jar" >"$RESULTS/warren.log" 2>&1) &
  WARREN_PID=$!
  WARREN="http://127.0.0.1:$port"
  local deadline=$((SECONDS + 120))
  until curl -H "Authorization: Bearer $WARREN_KEY" -sf -m 2 "$WARREN/api/queues" >/dev/null 2>&1; do
    kill -0 "$WARREN_PID" 2>/dev/null || { tail -30 "$RESULTS/warren.log" >&2; die "warren exited at start-up"; }
    [ "$SECONDS" -lt "$deadline" ] || { tail -30 "$RESULTS/warren.log" >&2; die "warren not ready after 120 s"; }
    sleep 0.5
  done
  log "warren ready at $WARREN (pid $WARREN_PID)"
}

# api METHOD PATH [JSON]: calls warren, prints the body, fails on a non-2xx answer
api() {
  local method=$1 path=$2 body=${3:-} out code
  out=$(mktemp "$WORK/api.XXXX")
  if [ -n "$body" ]; then
    code=$(curl -H "Authorization: Bearer $WARREN_KEY" -s -m 60 -o "$out" -w '%{http_code}' -X "$method" -H 'Content-Type: application/json' \
      --data-binary "$body" "$WARREN$path")
  else
    code=$(curl -H "Authorization: Bearer $WARREN_KEY" -s -m 60 -o "$out" -w '%{http_code}' -X "$method" "$WARREN$path")
  fi
  if [ "${code:0:1}" != 2 ]; then
    log "$method $path -> HTTP $code: $(head -c 600 "$out")"
    rm -f "$out"; return 1
  fi
  cat "$out"; rm -f "$out"
}

# declare_queue NAME: a fresh queue of $QUEUE_TYPE (an old one from an aborted run is deleted first)
declare_queue() {
  curl -H "Authorization: Bearer $WARREN_KEY" -s -o /dev/null -X DELETE "$WARREN/api/queues/$1" || true
  api PUT "/api/queues/$1" "{\"type\": \"$QUEUE_TYPE\"}" >/dev/null || die "cannot declare queue $1"
  BENCH_QUEUES+=("$1")
}
purge_queue() { api POST "/api/queues/$1/purge" >/dev/null || log "purge of $1 failed"; }
queue_view() { api GET "/api/queues/$1"; }
queue_ready() { queue_view "$1" | jq -r .messagesReady; }

# ------------------------------------------------------------------------------------------ cleanup
# Runs a Java source file of bench/ that drives warren's classes on a job store (URL, or this run's throw-away H2
# file when empty) with the user, password and arguments after it; prints its table, keeps it and its log in RESULTS.
run_store_bench() {
  local name=$1 source=$2 url=${3:-jdbc:h2:file:$WORK/store/warren;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE}
  shift 3
  setup_java; build_warren
  log "job store: ${url%%\?*}"
  "$JAVA" -cp "$ROOT/target/warren.jar:$ROOT/target/lib/*" "$source" "$url" "$@" 2>"$RESULTS/$name.log" \
      | tee "$RESULTS/$name.txt"
  log "raw output: $RESULTS"
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$WARREN_PID" ] && kill -0 "$WARREN_PID" 2>/dev/null; then
    for q in "${BENCH_QUEUES[@]}"; do
      curl -H "Authorization: Bearer $WARREN_KEY" -s -m 30 -o /dev/null -X DELETE "$WARREN/api/queues/$q" || true
    done
    log "stopping warren (pid $WARREN_PID)"
    kill "$WARREN_PID" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$WARREN_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$WARREN_PID" 2>/dev/null || true
  fi
  # whatever warren could not delete, through the management API
  for q in "${BENCH_QUEUES[@]}"; do
    for name in "$q" "$q.dlq"; do
      curl -s -m 10 -o /dev/null -u "$MGMT_USER" -X DELETE "$MGMT/api/queues/%2F/$name" || true
    done
  done
  for pid in "${HELPER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
