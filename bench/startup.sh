#!/usr/bin/env bash
# Start-up time and idle memory of warren as the README starts it (`java @target/jvm.options -jar target/warren.jar` from
# the repository root; BENCH_WARREN_JVM_OPTS replaces `@target/jvm.options`, BENCH_WARREN_JVM_OPTS= runs without any), on
# an empty embedded H2 store of its own:
#   - seconds from the launch of `java` until GET /observe/health/ready answers 200;
#   - the CPU time (user + system, all threads) the JVM had used by then: steadier than the seconds on a shared machine;
#   - the resident memory (VmRSS) of the JVM after it has then sat idle for BENCH_IDLE_SECONDS (20).
# BENCH_REPEATS (3) fresh starts, each on a new empty store; prints each and the median.
# The JVM is `java` on the PATH (what a newcomer has: Java 17 here), or BENCH_JAVA.
# Environment: BENCH_PORT (18090), BENCH_REPEATS (3), BENCH_IDLE_SECONDS (20), BENCH_JAVA, BENCH_WARREN_JVM_OPTS,
# BENCH_AMQP_URI.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PORT=${BENCH_PORT:-18090}
REPEATS=${BENCH_REPEATS:-3}
IDLE=${BENCH_IDLE_SECONDS:-20}
JAVA=${BENCH_JAVA:-$(command -v java || true)}
[ -n "$JAVA" ] || die "no java on the PATH (set BENCH_JAVA)"
JAVA_VERSION=$("$JAVA" -version 2>&1 | head -1)
JVM_OPTS=${BENCH_WARREN_JVM_OPTS-@target/jvm.options}
log "JVM: $JAVA ($JAVA_VERSION)"

setup_tools
check_broker
build_warren

# one start, from the repository root as the README says (./application.properties, ./routes); the jar is used
# in place, so that a class-data archive built beside it (target/warren.jsa) is found as in real use
one_start() {
  local i=$1 port store t0 t1 cpu rss
  port=$(free_port "$PORT")
  store="$WORK/store-$i"
  t0=$(now_ms)
  (cd "$ROOT" && exec "$JAVA" $JVM_OPTS \
      -Dcamel.server.port="$port" \
      "-Dwarren.store.url=jdbc:h2:file:$store/warren;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" \
      -Dwarren.rabbitmq.uri="$AMQP_URI" \
      -Dwarren.auth.admin-key="$WARREN_KEY" \
      -jar target/warren.jar >"$RESULTS/warren-$i.log" 2>&1) &
  WARREN_PID=$!
  WARREN="http://127.0.0.1:$port"
  local deadline=$((SECONDS + 120))
  until [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$WARREN/observe/health/ready" 2>/dev/null)" = 200 ]; do
    kill -0 "$WARREN_PID" 2>/dev/null || { tail -30 "$RESULTS/warren-$i.log" >&2; die "warren exited at start-up"; }
    [ "$SECONDS" -lt "$deadline" ] || die "warren not ready after 120 s"
    sleep 0.05
  done
  t1=$(now_ms)
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$WARREN_PID/stat")
  sleep "$IDLE"
  rss=$(awk '/^VmRSS/{print $2}' "/proc/$WARREN_PID/status")
  kill "$WARREN_PID"
  for _ in $(seq 60); do kill -0 "$WARREN_PID" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$WARREN_PID" 2>/dev/null || true
  WARREN_PID=""
  echo "$((t1 - t0)) $cpu $((rss / 1024))"
}

log "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
READY=(); CPU=(); RSS=()
for i in $(seq "$REPEATS"); do
  one_start "$i" >"$WORK/one"   # not in a subshell: the cleanup on exit must see WARREN_PID
  read -r ms cpu mb <"$WORK/one"
  log "start $i: ready after $ms ms ($cpu ms of CPU), $mb MB resident after ${IDLE} s idle"
  READY+=("$ms"); CPU+=("$cpu"); RSS+=("$mb")
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

{
  echo
  echo "warren start-up benchmark ($RUN_ID, $(nproc) cores, load average $LOAD_AFTER)"
  echo "JVM: $JAVA_VERSION; options: ${JVM_OPTS:-none}"
  printf '%-52s %12s\n' measurement "median of $REPEATS"
  printf '%-52s %12s\n' "----------------------------------------------------" "------------"
  printf '%-52s %12s\n' "start to /observe/health/ready 200 (s)" "$(awk -v m="$(median "${READY[@]}")" 'BEGIN{printf "%.2f", m / 1000}')"
  printf '%-52s %12s\n' "CPU time used until ready (s)" "$(awk -v m="$(median "${CPU[@]}")" 'BEGIN{printf "%.2f", m / 1000}')"
  printf '%-52s %12s\n' "resident memory after ${IDLE} s idle (MB)" "$(median "${RSS[@]}")"
  echo "each start (ms to ready / ms of CPU / MB): $(for i in "${!READY[@]}"; do printf '%s/%s/%s ' "${READY[$i]}" "${CPU[$i]}" "${RSS[$i]}"; done)"
  echo "warren: $WARREN_BUILD"
  echo "raw output: $RESULTS"
} | tee "$RESULTS/table.txt"
