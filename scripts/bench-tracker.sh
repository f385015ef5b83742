#!/usr/bin/env bash
# Tracker load benchmark: starts the tracker jar, runs the load generator (p2pshare.tracker.bench.TrackerLoad) in a
# second JVM against it, and reports joins/s, lookups/s, latency percentiles, and the tracker's heap, peak RSS and
# CPU seconds, sampled while every simulated peer is still connected; and the CPU each JVM spent during the lookups
# alone (microseconds per lookup), to tell whether the tracker or the generator sharing its cores limits the rate.
# Beyond 20,000 peers the generator connects from several loopback source addresses (127.0.1.1, 127.0.1.2, ...;
# one address has about 28,000 ephemeral ports), and the script raises the open-files limit the JVMs need.
#
# Usage: scripts/bench-tracker.sh [PEERS] [LOOKUPS]      (defaults 10000 and 200000)
# Environment:
#   BENCH_TRACKER_JAVA_OPTS  JVM options of the tracker (-Xmx sized from PEERS: 256 MiB + 64 KiB per peer, at
#                            least 512 MiB)
#   BENCH_LOAD_JAVA_OPTS     JVM options of the load generator (-Xmx sized from PEERS and LOOKUPS: 256 MiB + 32 KiB
#                            per peer + 16 bytes per lookup, at least 512 MiB)
#   BENCH_HEARTBEAT_SECONDS  the tracker's heartbeatSeconds, the pace its joined replies ask the peers for (unset:
#                            the tracker's default, 30 s with the peerTimeoutSeconds of 120 set here)
#   BENCH_TRACKER_JAR        the tracker jar to measure (default: this checkout's; the generator always runs from
#                            this checkout's jar), e.g. an older build to compare with
#   BENCH_SHARDS             the tracker's shards (unset: its default; 0 keeps the registry on the front's event loop)
#   BENCH_LOAD_ARGS          extra generator options (see: java -cp tracker.jar p2pshare.tracker.bench.TrackerLoad -h)
#   BENCH_TRACKER_PORT       first port to try (7881)
#   BENCH_TIMEOUT            seconds the generator may run in all (900)
#   BENCH_PROFILE            1 records the tracker with JDK Flight Recorder during the load and prints its hottest
#                            methods (top frames and first project frames of the CPU samples); "generator" records
#                            the load generator instead, for its whole run
#   BENCH_KEEP               1 keeps the workspace (tracker log, config, recording)
#   BENCH_CLUSTER            N > 1 runs N tracker nodes in one cluster (-cluster, conf/cluster.xml with its own
#                            name and ports): peer i joins node i mod N, lookups go through every node; CPU is
#                            summed over the nodes, heap and RSS are the first node's
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"
HOST=127.0.0.1
PEERS="${1:-10000}"
LOOKUPS="${2:-200000}"
TIMEOUT="${BENCH_TIMEOUT:-900}"
HOLD=8
NODES="${BENCH_CLUSTER:-1}"
[[ "$NODES" =~ ^[1-3]$ ]] || { echo "bench-tracker: BENCH_CLUSTER must be 1..3" >&2; exit 2; }
NODE_PIDS=()

[[ "$PEERS" =~ ^[0-9]+$ && "$PEERS" -ge 2 ]] || { echo "bench-tracker: PEERS must be a number >= 2" >&2; exit 2; }
[[ "$LOOKUPS" =~ ^[0-9]+$ ]] || { echo "bench-tracker: LOOKUPS must be a number" >&2; exit 2; }
HEARTBEAT="${BENCH_HEARTBEAT_SECONDS:-}"
[[ -z "$HEARTBEAT" || "$HEARTBEAT" =~ ^[0-9]+(\.[0-9]+)?$ ]] ||
  { echo "bench-tracker: BENCH_HEARTBEAT_SECONDS must be a number" >&2; exit 2; }

# Heaps sized from the load: the tracker held 15 to 25 KiB of live heap per peer with 20 files (10,000 peers: 156 to
# 253 MB after a full GC, depending on the code; 19,000 peers: 462 MiB), so 64 KiB per peer leaves the collector room; the generator holds a socket,
# its buffers and its
# peer's state per connection, and a latency (8 bytes) and its kind per lookup.
tracker_heap=$(( 256 + PEERS * 64 / 1024 ))
((tracker_heap >= 512)) || tracker_heap=512
load_heap=$(( 256 + PEERS * 32 / 1024 + LOOKUPS * 16 / 1048576 ))
((load_heap >= 512)) || load_heap=512
TRACKER_OPTS="${BENCH_TRACKER_JAVA_OPTS:--Xmx${tracker_heap}m}"
LOAD_OPTS="${BENCH_LOAD_JAVA_OPTS:--Xmx${load_heap}m}"
sized="$PEERS peers, $LOOKUPS lookups"
[[ -z "${BENCH_TRACKER_JAVA_OPTS:-}" ]] || sized+="; the tracker's from BENCH_TRACKER_JAVA_OPTS"
[[ -z "${BENCH_LOAD_JAVA_OPTS:-}" ]] || sized+="; the generator's from BENCH_LOAD_JAVA_OPTS"
echo "bench-tracker: JVM options: tracker $TRACKER_OPTS, generator $LOAD_OPTS ($sized)"

WORK=""
PIDS=()

cleanup() {
  trap - EXIT INT TERM
  stop_pids ${PIDS[@]+"${PIDS[@]}"}
  if [[ -n "$WORK" && -d "$WORK" ]]; then
    if [[ "${BENCH_KEEP:-0}" == 1 ]]; then echo "bench-tracker: workspace kept in $WORK"; else rm -rf "$WORK"; fi
  fi
}
trap cleanup EXIT
trap 'echo "bench-tracker: interrupted"; exit 130' INT
trap 'exit 143' TERM

fail() {
  echo "bench-tracker: $*" >&2
  if [[ -n "$WORK" && -f "$WORK/tracker.log" ]]; then
    echo "--- last lines of the tracker log" >&2
    tail -n 15 "$WORK/tracker.log" >&2
  fi
  exit 1
}

clk_tck=$(getconf CLK_TCK)
# cpu_seconds PID: user + system CPU seconds of a live process.
cpu_seconds() {
  awk -v t="$clk_tck" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / t }' "/proc/$1/stat" 2>/dev/null || echo "?"
}
# cpu_ticks PID: "utime stime" of a live process, in clock ticks.
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12, $13 }' "/proc/$1/stat" 2>/dev/null || true; }
# cpu_split PID: "user U, system S" CPU seconds of a live process.
cpu_split() {
  awk -v t="$clk_tck" '{ sub(/^.*\) /, ""); printf "user %.2f, system %.2f", $12 / t, $13 / t }' "/proc/$1/stat" \
    2>/dev/null || echo "?"
}
# status_kib PID FIELD: a field of /proc/PID/status in KiB (VmHWM = peak RSS, VmRSS = current RSS).
status_kib() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || echo "?"; }
mib() { [[ "$1" =~ ^[0-9]+$ ]] && echo "$(( $1 / 1024 )) MiB" || echo "?"; }

# --- file descriptors ------------------------------------------------------------------------------------------
# Each JVM holds one descriptor per connection (the tracker PEERS, the generator PEERS), plus a few hundred of its
# own. The limit is per process, so each needs about PEERS + 500. Beyond the hard limit only root may go (up to
# fs.nr_open); the JVMs inherit the limits of this shell.
need=$((PEERS + 500))
soft=$(ulimit -Sn)
hard=$(ulimit -Hn)
if [[ "$soft" != unlimited ]] && ((soft < need)); then
  if [[ "$hard" != unlimited ]] && ((hard < need)); then
    nr_open=$(cat /proc/sys/fs/nr_open 2>/dev/null || echo "$need")
    target=$(( need < nr_open ? need : nr_open ))
    if ulimit -Hn "$target" 2>/dev/null; then
      echo "bench-tracker: raised the hard open-files limit from $hard to $(ulimit -Hn) (fs.nr_open $nr_open)"
    else
      # CAP_SYS_RESOURCE is bit 24 of the effective capabilities: root in a container may lack it.
      cap=$(awk '$1 == "CapEff:" { print $2 }' /proc/self/status 2>/dev/null || true)
      why="needs root with CAP_SYS_RESOURCE"
      if [[ "$cap" =~ ^[0-9a-fA-F]+$ ]] && (( (16#$cap >> 24 & 1) == 0 )); then
        why="this shell lacks CAP_SYS_RESOURCE (effective capabilities $cap), even as root"
      fi
      echo "bench-tracker: NOTE: cannot raise the hard open-files limit from $hard to $target: $why"
    fi
    hard=$(ulimit -Hn)
  fi
  if [[ "$hard" == unlimited ]] || ((hard >= need)); then
    ulimit -Sn "$need"
  else
    ulimit -Sn "$hard"
  fi
  if (($(ulimit -Sn) >= need)); then
    echo "bench-tracker: raised the open-files limit from $soft to $(ulimit -Sn) for both JVMs (needs about $need)"
  else
    echo "bench-tracker: NOTE: cannot raise the open-files limit to $need (hard limit $hard, now $(ulimit -Sn));" \
      "expect failed connections beyond about $(( $(ulimit -Sn) - 500 )) peers"
  fi
else
  echo "bench-tracker: open-files limit $soft per process (needs about $need)"
fi

# --- build, workspace, tracker ---------------------------------------------------------------------------------
# Also rebuild a jar from before the load generator existed (checked when unzip is there).
if [[ ! -f "$TRACKER_JAR" ]] || { command -v unzip >/dev/null &&
  ! unzip -l "$TRACKER_JAR" 'p2pshare/tracker/bench/TrackerLoad.class' >/dev/null 2>&1; }; then
  echo "bench-tracker: building the jars"
  "$ROOT/scripts/build.sh" || fail "build failed"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/p2pshare-bench-tracker.XXXXXX")"
port=$(next_free_port "${BENCH_TRACKER_PORT:-7881}")
max_conn=$(( PEERS > 10000 ? PEERS + 100 : 10000 ))
# The simulated peers come from 127.0.0.1, or beyond 20,000 peers from several loopback addresses: the limits per
# address are set to the totals, so they hold however the generator spreads the peers: connections, files and name
# bytes (room for 100 files of up to 64-byte names per peer, whatever --files says).
files_budget=$(( PEERS * 100 > 200000 ? PEERS * 100 : 200000 ))
name_budget=$(( files_budget * 64 ))
# peerTimeoutSeconds 120: a busy machine never expires a peer. The peers heartbeat at the pace the tracker's joined
# reply names: its heartbeatSeconds, by default a third of the timeout at most 30 s.
heartbeat_json=""
[[ -z "$HEARTBEAT" ]] || heartbeat_json="\"heartbeatSeconds\": $HEARTBEAT,"
if [[ -n "${BENCH_SHARDS:-}" ]]; then
  [[ "$BENCH_SHARDS" =~ ^[0-9]+$ ]] || { echo "bench-tracker: BENCH_SHARDS must be a number" >&2; exit 2; }
  heartbeat_json="$heartbeat_json \"shards\": $BENCH_SHARDS,"
fi
cat >"$WORK/tracker.json" <<JSON
{"host": "$HOST", "port": $port, "peerTimeoutSeconds": 120, "maxConnections": $max_conn, "httpPort": -1,
 $heartbeat_json
 "maxConnectionsPerIp": $max_conn, "maxFilesPerAddress": $files_budget, "maxFiles": $files_budget,
 "maxNameBytesPerAddress": $name_budget, "maxNameBytes": $name_budget}
JSON

CLUSTER_ARGS=()
CLUSTER_OPTS=""
if ((NODES > 1)); then
  hz=$(next_free_port 15701)
  sed -e "s|<cluster-name>p2pshare-trackers</cluster-name>|<cluster-name>p2pshare-bench-$$</cluster-name>|" \
    -e "s|port-count=\"10\">5701</port>|port-count=\"$NODES\">$hz</port>|" "$ROOT/conf/cluster.xml" >"$WORK/cluster.xml"
  CLUSTER_ARGS=(-cluster)
  CLUSTER_OPTS="-Dvertx.hazelcast.config=$WORK/cluster.xml"
fi
ports=()
for ((n = 1; n <= NODES; n++)); do
  ((n == 1)) || port=$(next_free_port $((port + 1)))
  ports+=("$port")
  sed -e "s|\"port\": [0-9]*,|\"port\": $port,|" "$WORK/tracker.json" >"$WORK/tracker-$n.json"
  log="$WORK/tracker.log"
  ((n == 1)) || log="$WORK/tracker-$n.log"
  TRACKER_JAR="${BENCH_TRACKER_JAR:-$TRACKER_JAR}" JAVA_OPTS="$TRACKER_OPTS $CLUSTER_OPTS" "$ROOT/scripts/tracker.sh" \
    ${CLUSTER_ARGS[@]+"${CLUSTER_ARGS[@]}"} \
    -conf "$WORK/tracker-$n.json" >"$log" 2>&1 &
  NODE_PIDS+=("$!")
  PIDS+=("$!")
  deadline=$((SECONDS + 90))
  until ! port_free "$port"; do
    kill -0 "${NODE_PIDS[-1]}" 2>/dev/null || fail "tracker node $n exited during start-up"
    ((SECONDS < deadline)) || fail "tracker node $n did not listen within 90 s"
    sleep 0.2
  done
done
TRACKER_PID=${NODE_PIDS[0]}
if ((NODES > 1)); then
  echo "bench-tracker: $NODES clustered tracker nodes on ports ${ports[*]}"
  PORT_ARGS=(--ports "$(IFS=,; echo "${ports[*]}")")
else
  PORT_ARGS=(--port "$port")
fi
# nodes_cpu: CPU seconds of every tracker node together.
nodes_cpu() {
  local total=0 c pid
  for pid in "${NODE_PIDS[@]}"; do
    c=$(cpu_seconds "$pid")
    [[ "$c" == "?" ]] && { echo "?"; return; }
    total=$(awk -v a="$total" -v b="$c" 'BEGIN { printf "%.2f", a + b }')
  done
  echo "$total"
}
tracker_cpu_start=$(nodes_cpu)
profiling=false
gen_profile=""
if [[ "${BENCH_PROFILE:-0}" == generator ]]; then
  gen_profile="$WORK/generator.jfr"
  LOAD_OPTS="$LOAD_OPTS -XX:StartFlightRecording=settings=profile,dumponexit=true,filename=$gen_profile"
fi
if [[ "${BENCH_PROFILE:-0}" == 1 ]]; then
  if command -v jcmd >/dev/null && command -v jfr >/dev/null &&
    jcmd "$TRACKER_PID" JFR.start name=bench settings=profile >/dev/null 2>&1; then
    profiling=true
  else
    echo "bench-tracker: NOTE: cannot record with JFR (jcmd/jfr missing or refused); no profile"
  fi
fi


# --- the load --------------------------------------------------------------------------------------------------
# shellcheck disable=SC2086 # option lists hold several words on purpose
timeout --kill-after=10 "$TIMEOUT" java $LOAD_OPTS -cp "$TRACKER_JAR" p2pshare.tracker.bench.TrackerLoad \
  --host "$HOST" "${PORT_ARGS[@]}" --peers "$PEERS" --files 20 --lookups "$LOOKUPS" \
  --hold-seconds "$HOLD" --timeout-seconds $((TIMEOUT / 3)) ${BENCH_LOAD_ARGS:-} >"$WORK/load.out" 2>&1 &
LOAD_PID=$!
PIDS+=("$LOAD_PID")
# The java process is timeout's child; find it to read its CPU time.
gen_java=""
gen_cpu="?"
gen_split="?"
gen_ticks_start=""
gen_ticks_end=""
sampled=false
lookup_cpu_start=""
lookup_cpu_end=""
while kill -0 "$LOAD_PID" 2>/dev/null; do
  [[ -n "$gen_java" ]] || gen_java=$(pgrep -P "$LOAD_PID" java 2>/dev/null | head -n 1 || true)
  if [[ -n "$gen_java" ]]; then
    c=$(cpu_seconds "$gen_java")
    [[ "$c" == "?" ]] || { gen_cpu=$c; gen_split=$(cpu_split "$gen_java"); }
  fi
  # The generator pauses a second after each mark, so these samples fall outside the lookups.
  if [[ -z "$lookup_cpu_start" ]] && grep -q '^LOOKUPS-START' "$WORK/load.out" 2>/dev/null; then
    lookup_cpu_start=$(nodes_cpu)
    [[ -z "$gen_java" ]] || gen_ticks_start=$(cpu_ticks "$gen_java")
  fi
  if [[ -z "$lookup_cpu_end" ]] && grep -q '^LOOKUPS-END' "$WORK/load.out" 2>/dev/null; then
    lookup_cpu_end=$(nodes_cpu)
    [[ -z "$gen_java" ]] || gen_ticks_end=$(cpu_ticks "$gen_java")
  fi
  if ! $sampled && grep -q '^HOLDING' "$WORK/load.out" 2>/dev/null; then
    sampled=true
    sleep 1
    if $profiling; then
      jcmd "$TRACKER_PID" JFR.stop name=bench filename="$WORK/tracker.jfr" >/dev/null 2>&1 || profiling=false
    fi
    tracker_cpu=$(nodes_cpu)
    tracker_rss=$(status_kib "$TRACKER_PID" VmRSS)
    tracker_hwm=$(status_kib "$TRACKER_PID" VmHWM)
    tracker_threads=$(status_kib "$TRACKER_PID" Threads)
    tracker_fds=$(ls "/proc/$TRACKER_PID/fd" 2>/dev/null | wc -l)
    if command -v jcmd >/dev/null; then
      jcmd "$TRACKER_PID" GC.heap_info >"$WORK/heap-before-gc.txt" 2>&1 || true
      # The class histogram runs a full GC first and ends with the live bytes, whatever the collector.
      jcmd "$TRACKER_PID" GC.class_histogram >"$WORK/histogram.txt" 2>&1 || true
    fi
  fi
  sleep 0.1
done
set +e
wait "$LOAD_PID"
load_rc=$?
set -e

echo
echo "== load generator"
grep -vE '^(HOLDING|LOOKUPS-)' "$WORK/load.out" | grep -v ' INFO ' || true
((load_rc != 124 && load_rc != 137)) || echo "bench-tracker: the generator was stopped after ${TIMEOUT}s"

echo
echo "== tracker (sampled while all peers were connected)"
if $sampled; then
  echo "open file descriptors: $tracker_fds, threads: $tracker_threads"
  echo "RSS now: $(mib "$tracker_rss"), peak RSS (VmHWM): $(mib "$tracker_hwm")"
  echo "CPU seconds during the load (utime+stime): $(awk -v a="$tracker_cpu" -v b="$tracker_cpu_start" 'BEGIN { printf "%.2f", a - b }')," \
    "generator CPU seconds: $gen_cpu ($gen_split)"
  if [[ -n "$lookup_cpu_start" && -n "$lookup_cpu_end" && "$LOOKUPS" -gt 0 ]]; then
    awk -v a="$lookup_cpu_end" -v b="$lookup_cpu_start" -v n="$LOOKUPS" 'BEGIN {
      printf "tracker CPU seconds during the lookups: %.2f (%.1f us per lookup)\n", a - b, (a - b) * 1e6 / n }'
    if [[ -n "$gen_ticks_start" && -n "$gen_ticks_end" ]]; then
      awk -v a="$gen_ticks_start" -v b="$gen_ticks_end" -v t="$clk_tck" -v n="$LOOKUPS" 'BEGIN {
        split(a, s, " "); split(b, e, " "); u = (e[1] - s[1]) / t; k = (e[2] - s[2]) / t
        printf "generator CPU seconds during the lookups: user %.2f, system %.2f (%.1f us per lookup)\n",
          u, k, (u + k) * 1e6 / n }'
    fi
  fi
  if command -v jcmd >/dev/null; then
    echo "heap (jcmd GC.heap_info), before a full GC:"
    grep -E 'total|used|region size|Metaspace' "$WORK/heap-before-gc.txt" | sed 's/^/  /' | head -n 4
    awk -v peers="$PEERS" '$1 == "Total" { printf "live heap after a full GC (jcmd GC.class_histogram, %d peers held): %.1f MB, %.1f KB per peer\n", peers, $3 / 1e6, $3 / 1e3 / peers }' "$WORK/histogram.txt"
    echo "largest classes:"
    sed -n '4,11p' "$WORK/histogram.txt"
  else
    echo "heap: jcmd not found, skipped"
  fi
else
  echo "the generator never reached the holding phase; tracker peak RSS: $(mib "$(status_kib "$TRACKER_PID" VmHWM)")"
fi
if $profiling && [[ -f "$WORK/tracker.jfr" ]]; then
  echo
  echo "== tracker profile (JFR, connect to HOLDING)"
  hot_methods "$WORK/tracker.jfr" 15
fi
if [[ -n "$gen_profile" && -f "$gen_profile" ]]; then
  echo
  echo "== generator profile (JFR, its whole run)"
  hot_methods "$gen_profile" 25
fi
kill -0 "$TRACKER_PID" 2>/dev/null || fail "the tracker died during the load"
echo "tracker log lines: $(wc -l <"$WORK/tracker.log"); warnings/errors: $(grep -cE ' (WARN|ERROR) ' "$WORK/tracker.log" || true)"
grep -E ' (WARN|ERROR) ' "$WORK/tracker.log" | head -n 3 | cut -c1-200 | sed 's/^/  /' || true
exit "$load_rc"
