#!/usr/bin/env bash
# Download benchmark: one file from SEEDERS seeders to one leecher, each a separate JVM from the fat jars, timed
# from the POST to state "completed", then checked with sha256sum. In the same run, on the same file, two references
# served by nginx on loopback: curl from one nginx, and aria2c from SEEDERS nginx instances (one mirror URL each).
#
# Usage:
#   scripts/bench.sh [SIZE_MIB] [SEEDERS]    one download (defaults 1024 MiB, 3 seeders) and the references
#   scripts/bench.sh --scale [SIZE_MIB]      the same with 1, 2, 3 and 5 seeders (aria2c with as many mirrors)
#   scripts/bench.sh --tls [SIZE_MIB] [SEEDERS] the same download in a private network (mutual TLS, keys from
#                                            scripts/network-keys.sh) and in an open one, BENCH_RUNS (1) of each,
#                                            alternating: how fast with TLS against without, in the same run
#   scripts/bench.sh --memory [SIZE_MIB]     a 3-seeder download (default 4096 MiB) into a leecher with -Xmx128m
#   scripts/bench.sh --check                 the 1 GiB download from 3 seeders, 3 times, no references: fails when
#                                            the median time or leecher CPU per GiB is more than 20 % worse than
#                                            scripts/bench-baseline.txt (run it before committing to the data path);
#                                            on another CPU model or core count it says it cannot compare
#   scripts/bench.sh --save-baseline         the same runs, written to scripts/bench-baseline.txt with the machine
#   scripts/bench.sh --crowd [N] [SIZE_MIB]  one seeder with its upload capped at 32 MiB/s and N leechers (defaults
#                                            6 and 128 MiB) asking at once, timed until all are done; then the same
#                                            with libtorrent (scripts/crowd_libtorrent.py, Debian's
#                                            python3-libtorrent). No curl or aria2c references.
#   scripts/bench.sh --lan [N] [SIZE_MIB] [UP_MBIT]
#                                            the flash crowd on an emulated network (scripts/lan.sh; root, ip, tc,
#                                            nft): a tracker, one seeder and N leechers (defaults 8, 64 MiB, 40), each
#                                            on a host of its own whose link tc tbf shapes to UP_MBIT Mbit/s up and
#                                            10 x UP_MBIT down; all N asked at once over the management path, timed
#                                            until all are done; then libtorrent on the same hosts and links, one
#                                            session per host (scripts/lan_libtorrent.py). One table: both, and the
#                                            floor SIZE / UP; the seeder's bytes sent from its interface counter and
#                                            its own count; who got what from whom
# Environment:
#   BENCH_JAVA_OPTS          JVM options of the leecher (-Xmx512m; --memory: -Xmx128m; --crowd, --lan: each, -Xmx256m)
#   BENCH_CROWD_RATE         --crowd: the seeder's upload cap in bytes/s, ours and libtorrent's (33554432)
#   BENCH_SEEDER_JAVA_OPTS   JVM options of each seeder (-Xmx256m)
#   BENCH_CHUNK_SIZE         chunk size the peers index with (1048576)
#   BENCH_TRACKER_JAVA_OPTS  JVM options of the tracker (-Xmx128m)
#   BENCH_DOWNLOAD_TIMEOUT   seconds one download may take (600; --crowd: all N, and libtorrent's N; --lan: the
#                            same, at least 5 x the floor)
#   BENCH_START_TIMEOUT      seconds for the swarm to come up, hashing included (300)
#   BENCH_NO_REFS            1 skips the curl and aria2c references
#   BENCH_PROFILE            1 records the leecher with JDK Flight Recorder during each download and prints its
#                            hottest methods (top frames and first project frames of the CPU samples)
#   BENCH_PERF               1 records the leecher and seeder-1 with perf (Debian's linux-perf) during each download
#                            and prints where their CPU went (JIT symbols from -XX:+DumpPerfMapAtExit, added here)
#   BENCH_KEEP               1 keeps the workspace
#   BENCH_SETTLE             seconds to wait, once the leecher sees every seeder, before the timed download (0)
#   BENCH_RUNS               downloads of ours per seeder count (1); the table shows the median time and CPU
#   BENCH_BASELINE           the baseline file of --check and --save-baseline (scripts/bench-baseline.txt)
#   BENCH_PEER_JSON          --lan: more keys for every peer.json, e.g. ', "download": {"stallMillis": 60000}'
#   BENCH_LT_SUPER_SEED      --lan: 1 runs libtorrent's seeder in its super-seeding mode (BEP 16)
# Everything listens on 127.0.0.1 (--lan: on its network's hosts, which are removed with everything in them).
# Ctrl-C or SIGTERM stops every process and removes the workspace.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"
HOST=127.0.0.1
DOWNLOAD_TIMEOUT="${BENCH_DOWNLOAD_TIMEOUT:-600}"
START_TIMEOUT="${BENCH_START_TIMEOUT:-300}"
SEEDER_OPTS="${BENCH_SEEDER_JAVA_OPTS:--Xmx256m}"
CHUNK_SIZE="${BENCH_CHUNK_SIZE:-1048576}"
TRACKER_OPTS="${BENCH_TRACKER_JAVA_OPTS:--Xmx128m}"

mode=single
case "${1:-}" in
  --scale) mode=scale; SIZE_MIB="${2:-1024}"; SEEDER_COUNTS=(1 2 3 5) ;;
  --memory) mode=memory; SIZE_MIB="${2:-4096}"; SEEDER_COUNTS=(3) ;;
  --tls) mode=tls; SIZE_MIB="${2:-1024}"; SEEDER_COUNTS=("${3:-3}") ;;
  --crowd) mode=crowd; CROWD_N="${2:-6}"; SIZE_MIB="${3:-128}"; SEEDER_COUNTS=(1) ;;
  --lan) mode=lan; CROWD_N="${2:-8}"; SIZE_MIB="${3:-64}"; LAN_UP_MBIT="${4:-40}"; SEEDER_COUNTS=(1) ;;
  --check) mode=check; SIZE_MIB=1024; SEEDER_COUNTS=(3) ;;
  --save-baseline) mode=save; SIZE_MIB=1024; SEEDER_COUNTS=(3) ;;
  -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
  *) SIZE_MIB="${1:-1024}"; SEEDER_COUNTS=("${2:-3}") ;;
esac
[[ "$SIZE_MIB" =~ ^[0-9]+$ && "$SIZE_MIB" -ge 1 ]] || { echo "bench: SIZE_MIB must be a positive number" >&2; exit 2; }
for n in "${SEEDER_COUNTS[@]}"; do
  [[ "$n" =~ ^[0-9]+$ && "$n" -ge 1 && "$n" -le 16 ]] || { echo "bench: SEEDERS must be 1..16" >&2; exit 2; }
done
if [[ $mode == crowd ]]; then
  [[ "$CROWD_N" =~ ^[0-9]+$ && "$CROWD_N" -ge 1 && "$CROWD_N" -le 32 ]] || { echo "bench: N must be 1..32" >&2; exit 2; }
  CROWD_RATE="${BENCH_CROWD_RATE:-33554432}"
  [[ "$CROWD_RATE" =~ ^[0-9]+$ && "$CROWD_RATE" -ge 1 ]] || { echo "bench: BENCH_CROWD_RATE must be a positive number" >&2; exit 2; }
fi
if [[ $mode == lan ]]; then
  [[ "$CROWD_N" =~ ^[0-9]+$ && "$CROWD_N" -ge 1 && "$CROWD_N" -le 32 ]] ||
    { echo "bench: N must be 1..32" >&2; exit 2; }
  [[ "$LAN_UP_MBIT" =~ ^[0-9]+$ && "$LAN_UP_MBIT" -ge 1 && "$LAN_UP_MBIT" -le 1000 ]] ||
    { echo "bench: UP_MBIT must be 1..1000" >&2; exit 2; }
  # The floor in whole seconds, rounded up: the time limit is at least five times it.
  lan_floor=$(((SIZE_MIB * 1048576 * 8 + LAN_UP_MBIT * 1000000 - 1) / (LAN_UP_MBIT * 1000000)))
  ((DOWNLOAD_TIMEOUT >= 5 * lan_floor)) || DOWNLOAD_TIMEOUT=$((5 * lan_floor))
fi
if [[ $mode == memory ]]; then
  LEECHER_OPTS="${BENCH_JAVA_OPTS:--Xmx128m}"
elif [[ $mode == crowd || $mode == lan ]]; then
  LEECHER_OPTS="${BENCH_JAVA_OPTS:--Xmx256m}"
else
  LEECHER_OPTS="${BENCH_JAVA_OPTS:--Xmx512m}"
fi
if [[ "${BENCH_PERF:-0}" == 1 ]]; then
  command -v perf >/dev/null || { echo "bench: BENCH_PERF=1 needs perf (Debian's linux-perf)" >&2; exit 2; }
  LEECHER_OPTS+=" -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit"
  SEEDER_OPTS+=" -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit"
fi
BYTES=$((SIZE_MIB * 1024 * 1024))

# --- processes and cleanup -------------------------------------------------------------------------------------

WORK=""
PIDS=()       # the current swarm's JVMs
NGINX_PIDS=()
LAN_STATE=""  # --lan: the network's folder (scripts/lan.sh up --state)

cleanup() {
  trap - EXIT INT TERM
  stop_pids ${PIDS[@]+"${PIDS[@]}"} ${NGINX_PIDS[@]+"${NGINX_PIDS[@]}"}
  # Stops whatever still runs in the network's hosts and deletes its namespaces, links and shaping.
  if [[ -n "$LAN_STATE" ]]; then "$ROOT/scripts/lan.sh" down --state "$LAN_STATE" || true; fi
  if [[ -n "$WORK" && -d "$WORK" ]]; then
    if [[ "${BENCH_KEEP:-0}" == 1 ]]; then echo "bench: workspace kept in $WORK"; else rm -rf "$WORK"; fi
  fi
}
trap cleanup EXIT
trap 'echo; echo "bench: interrupted"; exit 130' INT
trap 'exit 143' TERM

# cpu_deltas: " NAME SECONDS;" for each process of the caller's run, from its arrays names, pids, cpu0 and cpu1.
cpu_deltas() {
  local i out=""
  for i in "${!pids[@]}"; do
    out+=" ${names[$i]} $(awk -v a="${cpu1[$i]}" -v b="${cpu0[$i]}" 'BEGIN { printf "%.2f", a - b }');"
  done
  printf '%s' "$out"
}

fail() {
  echo "bench: $*" >&2
  if [[ -n "$WORK" ]]; then tail_logs 10 "$WORK" 'run-*/logs/*.log' 'nginx-*/error.log' 'lan-*/logs/*.log'; fi
  exit 1
}

NEXT_PORT="${BENCH_FIRST_PORT:-7300}"
# take_port VAR: sets VAR to the next free port (each port handed out once per run; no subshell, so it counts).
take_port() {
  while ! port_free "$NEXT_PORT"; do
    NEXT_PORT=$((NEXT_PORT + 1))
    ((NEXT_PORT < 65536)) || fail "no free port"
  done
  printf -v "$1" '%s' "$NEXT_PORT"
  NEXT_PORT=$((NEXT_PORT + 1))
}


CLK_TCK=$(getconf CLK_TCK)
# cpu_seconds PID: user + system CPU seconds of a live process (fields 14 and 15 of /proc/PID/stat).
cpu_seconds() {
  awk -v t="$CLK_TCK" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / t }' "/proc/$1/stat" 2>/dev/null || echo "?"
}
status_kib() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || echo "?"; }
mib_of_kib() { [[ "$1" =~ ^[0-9]+$ ]] && echo "$(($1 / 1024)) MiB" || echo "?"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
mbps() { awk -v s="$1" -v b="$BYTES" 'BEGIN { if (s > 0) printf "%.1f", b / s / 1e6; else print "?" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2fx", a / b; else print "n/a" }'; }

# --- checks, build, tools --------------------------------------------------------------------------------------

if [[ ! -f "$TRACKER_JAR" || ! -f "$PEER_JAR" ]]; then
  echo "bench: building the jars"
  "$ROOT/scripts/build.sh" || fail "build failed"
fi

TMP_BASE="${TMPDIR:-/tmp}"
free_mib=$(df -Pm "$TMP_BASE" | awk 'NR == 2 { print $4 }')
if [[ $mode == memory ]]; then
  need=$((3 * SIZE_MIB))
  ((free_mib >= need)) || { echo "bench: refusing: $free_mib MiB free in $TMP_BASE, --memory $SIZE_MIB needs 3 x $SIZE_MIB = $need MiB" >&2; exit 1; }
  echo "bench: $free_mib MiB free in $TMP_BASE (needs $need)"
elif [[ $mode == crowd || $mode == lan ]]; then
  # The file and N copies (ours are removed before libtorrent's are written).
  need=$(((CROWD_N + 1) * SIZE_MIB + 100))
  ((free_mib >= need)) || { echo "bench: refusing: $free_mib MiB free in $TMP_BASE, needs $need MiB" >&2; exit 1; }
else
  # The file, our download, and one reference copy at a time.
  need=$((3 * SIZE_MIB + 100))
  ((free_mib >= need)) || { echo "bench: refusing: $free_mib MiB free in $TMP_BASE, needs $need MiB" >&2; exit 1; }
fi

HAVE_NGINX=false
HAVE_ARIA=false
NGINX_BIN=""
find_tools() {
  NGINX_BIN=$(command -v nginx || true)
  [[ -n "$NGINX_BIN" ]] || { [[ -x /usr/sbin/nginx ]] && NGINX_BIN=/usr/sbin/nginx; } || true
  [[ -n "$NGINX_BIN" ]] && HAVE_NGINX=true
  command -v aria2c >/dev/null && HAVE_ARIA=true
  command -v curl >/dev/null || fail "curl is needed (it drives the API)"
}
LT_PY=""
# find_libtorrent: sets LT_PY to a Python that imports libtorrent (Debian's module is for /usr/bin/python3 only).
find_libtorrent() {
  local py
  for py in python3 /usr/bin/python3; do
    if command -v "$py" >/dev/null && "$py" -c 'import libtorrent' 2>/dev/null; then
      LT_PY=$(command -v "$py"); return 0
    fi
  done
  return 1
}
if [[ $mode == lan ]]; then
  lan_missing=$("$ROOT/scripts/lan.sh" check) ||
    { echo "bench: --lan needs an emulated network: $lan_missing" >&2; exit 1; }
fi
if [[ $mode == crowd || $mode == lan ]]; then
  command -v curl >/dev/null || fail "curl is needed (it drives the API)"
  if ! find_libtorrent; then
    echo "bench: libtorrent's Python module missing: installing python3-libtorrent with apt-get"
    if timeout 300 apt-get update -qq >/dev/null 2>&1 &&
      DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq python3-libtorrent >/dev/null 2>&1 &&
      find_libtorrent; then
      echo "bench: installed python3-libtorrent (apt-get)"
    else
      echo "bench: NOTE: apt-get install python3-libtorrent failed; the libtorrent run is skipped"
    fi
  fi
elif [[ $mode != memory && $mode != check && $mode != save && "${BENCH_NO_REFS:-0}" != 1 ]]; then
  find_tools
  if ! $HAVE_NGINX || ! $HAVE_ARIA; then
    echo "bench: nginx and/or aria2c missing: installing nginx-light and aria2 with apt-get"
    if timeout 300 apt-get update -qq >/dev/null 2>&1 &&
      DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq nginx-light aria2 >/dev/null 2>&1; then
      echo "bench: installed nginx-light and aria2 (apt-get)"
    else
      echo "bench: NOTE: apt-get install nginx-light aria2 failed; references that need them are skipped"
    fi
    find_tools
  fi
  $HAVE_NGINX || echo "bench: NOTE: no nginx: the curl and aria2c references are skipped"
  $HAVE_ARIA || echo "bench: NOTE: no aria2c: the aria2c reference is skipped"
fi

# --- workspace and file ----------------------------------------------------------------------------------------

WORK="$(mktemp -d "$TMP_BASE/p2pshare-bench.XXXXXX")"
chmod 755 "$WORK"
NAME="bench-${SIZE_MIB}m.bin"
FILE="$WORK/data/$NAME"
mkdir -p "$WORK/data"
echo "bench: workspace $WORK; writing $NAME ($SIZE_MIB MiB of random data)"
head -c "$BYTES" /dev/urandom >"$FILE"
EXPECTED=$(sha256sum <"$FILE" | cut -d' ' -f1)
echo "bench: sha256 $EXPECTED"

warm_cache() { cat "$FILE" >/dev/null; }


# --- nginx references ------------------------------------------------------------------------------------------

NGINX_PORTS=()
# start_nginx I: one nginx serving $WORK/data on its own port, in the foreground of a background job.
start_nginx() {
  local i=$1 dir="$WORK/nginx-$1" port user_line=""
  take_port port
  mkdir -p "$dir"
  [[ $(id -u) != 0 ]] || user_line="user root;"
  cat >"$dir/nginx.conf" <<CONF
daemon off;
worker_processes 1;
$user_line
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 256; }
http {
  access_log $dir/access.log;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  server {
    listen $HOST:$port;
    root $WORK/data;
  }
}
CONF
  "$NGINX_BIN" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" >"$dir/stdout.log" 2>&1 &
  NGINX_PIDS+=("$!")
  local deadline=$((SECONDS + 10))
  until curl -fsS -o /dev/null -r 0-0 "http://$HOST:$port/$NAME" 2>/dev/null; do
    ((SECONDS < deadline)) || { echo "bench: NOTE: nginx $i did not start: $(tail -n 3 "$dir/error.log" 2>/dev/null)"; return 1; }
    sleep 0.1
  done
  NGINX_PORTS+=("$port")
}

# check_copy FILE: prints ok or BAD by comparing its SHA-256 with the original's.
sha_ok() { [[ "$(sha256sum <"$1" | cut -d' ' -f1)" == "$EXPECTED" ]] && echo ok || echo BAD; }

CURL_SECS=""
CURL_DL_SECS=""
CURL_SHA_SECS=""
CURL_OPENSSL_SHA_SECS=""
run_curl() {
  local out="$WORK/ref/curl.bin" t0 t1 t2 verdict
  mkdir -p "$WORK/ref"; rm -f "$out"
  warm_cache
  t0=$(now)
  if timeout "$DOWNLOAD_TIMEOUT" curl -fsS -o "$out" "http://$HOST:${NGINX_PORTS[0]}/$NAME"; then
    t1=$(now)
    verdict=$(sha_ok "$out")
    t2=$(now)
    CURL_SECS=$(elapsed "$t0" "$t2")
    CURL_DL_SECS=$(elapsed "$t0" "$t1")
    CURL_SHA_SECS=$(elapsed "$t1" "$t2")
    echo "bench: curl (1 nginx) + sha256sum: $CURL_SECS s ($CURL_DL_SECS s curl, $CURL_SHA_SECS s sha256sum), $(mbps "$CURL_SECS") MB/s, sha256 $verdict"
    # Debian's sha256sum does not use the CPU's SHA instructions; OpenSSL does, as Java does: the same copy hashed
    # by it gives the reference a fast hash too.
    if command -v openssl >/dev/null; then
      t1=$(now)
      openssl dgst -sha256 "$out" >/dev/null
      t2=$(now)
      CURL_OPENSSL_SHA_SECS=$(elapsed "$t1" "$t2")
    fi
    [[ $verdict == ok ]] || CURL_SECS=""
  else
    echo "bench: NOTE: curl download failed"
  fi
  rm -f "$out"
}

declare -A ARIA_SECS
run_aria() {
  local n=$1 out="$WORK/ref/aria.bin" t0 t1 verdict urls=() i
  ((${#NGINX_PORTS[@]} >= n)) || { echo "bench: NOTE: only ${#NGINX_PORTS[@]} nginx running, aria2c with $n skipped"; return; }
  for ((i = 0; i < n; i++)); do urls+=("http://$HOST:${NGINX_PORTS[$i]}/$NAME"); done
  mkdir -p "$WORK/ref"; rm -f "$out"
  warm_cache
  t0=$(now)
  if timeout "$DOWNLOAD_TIMEOUT" aria2c --no-conf -q --allow-overwrite=true --auto-file-renaming=false \
    --file-allocation=none -s "$n" -x "$n" -d "$WORK/ref" -o aria.bin "${urls[@]}"; then
    verdict=$(sha_ok "$out")
    t1=$(now)
    ARIA_SECS[$n]=$(elapsed "$t0" "$t1")
    echo "bench: aria2c -s $n -x $n ($n nginx mirrors) + sha256sum: ${ARIA_SECS[$n]} s, $(mbps "${ARIA_SECS[$n]}") MB/s, sha256 $verdict"
    [[ $verdict == ok ]] || ARIA_SECS[$n]=""
  else
    echo "bench: NOTE: aria2c download failed"
  fi
  rm -f "$out"
}

# --- our swarm -------------------------------------------------------------------------------------------------

declare -A OURS_SECS OURS_NOTE OURS_ALL CPU_ALL TAIL_ALL
RUN_SEQ=0
RUNS="${BENCH_RUNS:-1}"
[[ $mode != check && $mode != save ]] || RUNS=3
[[ "$RUNS" =~ ^[0-9]+$ && "$RUNS" -ge 1 ]] || { echo "bench: BENCH_RUNS must be a positive number" >&2; exit 2; }
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)] }'; }
TOKEN=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')

lcurl() { curl -H "Authorization: Bearer $TOKEN" "$@"; }

# The current swarm's processes by name, in start order (PIDS has them too, for the cleanup).
SWARM_NAMES=()
SWARM_PIDS=()
TRACKER_PORT=""
PEER_HTTP_PORT=""
# --tls: whether the swarm being started is a private network, and its keys.
TLS_ON=false
TLS_KEYS=""

# tls_json NAME: the "tls" settings of member NAME, or nothing in an open network.
tls_json() {
  $TLS_ON || return 0
  printf ', "tls": {"cert": "%s/%s.crt", "key": "%s/%s.key", "ca": "%s/ca.crt"}' \
    "$TLS_KEYS" "$1" "$TLS_KEYS" "$1" "$TLS_KEYS"
}

# start_tracker RUN: a tracker in RUN/tracker on a fresh port (TRACKER_PORT), waited for until it listens.
start_tracker() {
  local run=$1 deadline
  take_port TRACKER_PORT
  mkdir -p "$run/tracker" "$run/logs"
  echo "{\"host\": \"$HOST\", \"port\": $TRACKER_PORT, \"peerTimeoutSeconds\": 30, \"httpPort\": -1$(tls_json tracker)}" \
    >"$run/tracker/tracker.json"
  (cd "$run/tracker" && JAVA_OPTS="$TRACKER_OPTS" exec "$ROOT/scripts/tracker.sh" -conf "$run/tracker/tracker.json") \
    >"$run/logs/tracker.log" 2>&1 &
  PIDS+=("$!"); SWARM_NAMES+=(tracker); SWARM_PIDS+=("$!")
  deadline=$((SECONDS + START_TIMEOUT))
  until ! port_free "$TRACKER_PORT"; do
    kill -0 "${SWARM_PIDS[-1]}" 2>/dev/null || fail "the tracker exited during start-up"
    ((SECONDS < deadline)) || fail "the tracker did not listen within ${START_TIMEOUT}s"
    sleep 0.2
  done
}

# start_peer RUN NAME JAVA_OPTS SEEDS [EXTRA_JSON]: a peer node in RUN/NAME joined to the tracker, its dashboard on a
# fresh port (PEER_HTTP_PORT); SEEDS=yes shares the file (a hard link: one copy on disk, one set of cached pages).
# EXTRA_JSON goes at the end of its peer.json (", \"key\": ..."). Not waited for.
start_peer() {
  local run=$1 name=$2 opts=$3 seeds=$4 extra=${5:-}
  take_port PEER_HTTP_PORT
  mkdir -p "$run/$name/share" "$run/$name/downloads" "$run/logs"
  [[ $seeds != yes ]] || ln "$FILE" "$run/$name/share/$NAME" 2>/dev/null || cp "$FILE" "$run/$name/share/$NAME"
  cat >"$run/$name/peer.json" <<JSON
{"name": "$name", "host": "$HOST", "port": 0, "shareDir": "$run/$name/share", "downloadDir": "$run/$name/downloads",
 "tracker": {"host": "$HOST", "port": $TRACKER_PORT}, "heartbeatSeconds": 5, "chunkSize": $CHUNK_SIZE,
 "http": {"host": "$HOST", "port": $PEER_HTTP_PORT, "token": "$TOKEN"}$extra$(tls_json "$name")}
JSON
  (cd "$run/$name" && JAVA_OPTS="$opts" exec "$ROOT/scripts/peer.sh" -conf "$run/$name/peer.json") \
    >"$run/logs/$name.log" 2>&1 &
  PIDS+=("$!"); SWARM_NAMES+=("$name"); SWARM_PIDS+=("$!")
}

# wait_sources API WHO N DEADLINE: until the node at API (named WHO) sees the file on N sources, or fails at DEADLINE
# (in SECONDS) or when a process of the swarm exits. Leaves the last /api/files reply in FILES_REPLY.
FILES_REPLY=""
wait_sources() {
  local api=$1 who=$2 n=$3 deadline=$4 i sources
  while :; do
    for i in "${!SWARM_PIDS[@]}"; do
      kill -0 "${SWARM_PIDS[$i]}" 2>/dev/null || fail "${SWARM_NAMES[$i]} exited during start-up"
    done
    FILES_REPLY=$(lcurl -fsS --max-time 2 "$api/files?q=$NAME" 2>/dev/null || true)
    sources=$(json_number sources "$FILES_REPLY")
    ((${sources:-0} < n)) || return 0
    ((SECONDS < deadline)) || fail "$who did not see $NAME on $n source(s) within ${START_TIMEOUT}s (saw ${sources:-0})"
    sleep 0.25
  done
}

# run_ours N: tracker + N seeders + leecher in $WORK/run-K (K counts the runs), one timed download, stats, then
# everything stopped.
run_ours() {
  RUN_SEQ=$((RUN_SEQ + 1))
  local n=$1 run="$WORK/run-$RUN_SEQ" i deadline
  SWARM_NAMES=(); SWARM_PIDS=()
  start_tracker "$run"
  for ((i = 1; i <= n; i++)); do start_peer "$run" "seeder-$i" "$SEEDER_OPTS" yes; done
  start_peer "$run" leecher "$LEECHER_OPTS" no
  local names=("${SWARM_NAMES[@]}") pids=("${SWARM_PIDS[@]}")
  local leecher_pid=${pids[$((n + 1))]}
  local api="http://$HOST:$PEER_HTTP_PORT/api"

  # Ready when the leecher sees the file on all N seeders (each seeder hashes it first).
  deadline=$((SECONDS + START_TIMEOUT))
  wait_sources "$api" leecher "$n" "$deadline"
  # BENCH_SETTLE: an idle pause, so that what the nodes compile and do at start is over before the timed download.
  if [[ "${BENCH_SETTLE:-0}" != 0 ]]; then sleep "$BENCH_SETTLE"; fi

  local cpu0=()
  for i in "${!pids[@]}"; do cpu0+=("$(cpu_seconds "${pids[$i]}")"); done
  local profiling=false
  if [[ "${BENCH_PROFILE:-0}" == 1 ]]; then
    if command -v jfr >/dev/null && jcmd "$leecher_pid" JFR.start name=bench settings=profile >/dev/null 2>&1; then
      profiling=true
    else
      echo "bench: NOTE: cannot record the leecher with JFR; no profile"
    fi
  fi
  local perf_pids=()
  if [[ "${BENCH_PERF:-0}" == 1 ]]; then
    perf record -F 499 -g -o "$run/leecher.perf" -p "$leecher_pid" >/dev/null 2>&1 &
    perf_pids+=("$!")
    perf record -F 499 -g -o "$run/seeder-1.perf" -p "${pids[1]}" >/dev/null 2>&1 &
    perf_pids+=("$!")
  fi
  warm_cache
  local t0 t1 reply id download state=""
  t0=$(now)
  reply=$(lcurl -fsS --max-time 10 -X POST -H 'Content-Type: application/json' -d "{\"name\":\"$NAME\"}" "$api/downloads") ||
    fail "starting the download failed"
  id=$(json_string id "$reply")
  [[ -n "$id" ]] || fail "the download reply has no id: $reply"
  local give_up
  give_up=$(awk -v a="$t0" -v b="$DOWNLOAD_TIMEOUT" 'BEGIN { printf "%d", a + b }')
  while :; do
    download=$(lcurl -fsS --max-time 10 "$api/downloads/$id" 2>/dev/null || true)
    state=$(json_string state "$download")
    [[ $state != completed && $state != failed && $state != cancelled ]] || break
    kill -0 "$leecher_pid" 2>/dev/null || { state="leecher died"; break; }
    (($(date +%s) < give_up)) || { state="timed out after ${DOWNLOAD_TIMEOUT}s"; break; }
    sleep 0.05
  done
  t1=$(now)
  local secs
  secs=$(elapsed "$t0" "$t1")

  local cpu1=()
  for i in "${!pids[@]}"; do cpu1+=("$(cpu_seconds "${pids[$i]}")"); done
  local p
  for p in ${perf_pids[@]+"${perf_pids[@]}"}; do kill -INT "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  if $profiling; then
    jcmd "$leecher_pid" JFR.stop name=bench filename="$run/leecher.jfr" >/dev/null 2>&1 || profiling=false
  fi
  local hwm heap=""
  hwm=$(status_kib "$leecher_pid" VmHWM)
  if command -v jcmd >/dev/null; then
    heap=$(timeout 20 jcmd "$leecher_pid" GC.heap_info 2>/dev/null | grep -E 'heap +total|used' | head -n 1 | sed 's/^ *//' || true)
  else
    heap="jcmd not found: heap skipped"
  fi

  local verdict="not checked"
  if [[ $state == completed ]]; then
    local path
    path=$(json_string path "$download")
    [[ -n "$path" ]] || path="$run/leecher/downloads/$NAME"
    [[ "$path" == /* ]] || path="$run/leecher/$path"
    if [[ -f "$path" ]]; then verdict=$(sha_ok "$path"); else verdict="file missing at $path"; fi
  fi

  local lcpu tail_ms
  lcpu=$(awk -v a="${cpu1[$((n + 1))]}" -v b="${cpu0[$((n + 1))]}" 'BEGIN { printf "%.2f", a - b }')
  tail_ms=$(grep -o 'published [0-9]* ms after' "$run/logs/leecher.log" | tail -n 1 | grep -o '[0-9]*' || true)
  echo "bench: p2pshare, $n seeder(s) -> leecher: state $state in $secs s ($(mbps "$secs") MB/s), sha256 $verdict"
  echo "       leecher ($LEECHER_OPTS): peak RSS $(mib_of_kib "$hwm"), CPU $lcpu s during the download ($(awk -v c="$lcpu" -v m="$SIZE_MIB" 'BEGIN { printf "%.2f", c / (m / 1024) }') s per GiB; $(cpu_seconds "$leecher_pid") s since start)"
  echo "       publish tail (last chunk in -> completed): ${tail_ms:-?} ms"
  echo "       leecher heap (jcmd GC.heap_info): ${heap:-?}"
  echo "       CPU seconds during the download:$(cpu_deltas)"
  if $profiling && [[ -f "$run/leecher.jfr" ]]; then
    echo "       leecher profile (JFR, during the download):"
    hot_methods "$run/leecher.jfr" | sed 's/^/     /'
  fi
  if [[ $state == completed && $verdict == ok ]]; then
    OURS_ALL[$n]="${OURS_ALL[$n]:-} $secs"
    CPU_ALL[$n]="${CPU_ALL[$n]:-} $lcpu"
    TAIL_ALL[$n]="${TAIL_ALL[$n]:-} ${tail_ms:-}"
    # shellcheck disable=SC2086
    OURS_SECS[$n]=$(median ${OURS_ALL[$n]})
  else
    OURS_SECS[$n]=""
    OURS_NOTE[$n]="$state, sha256 $verdict"
    echo "--- last lines of the leecher log"; tail -n 8 "$run/logs/leecher.log"
  fi
  LAST_STATE=$state; LAST_VERDICT=$verdict; LAST_HWM=$hwm; LAST_HEAP=$heap
  stop_pids "${pids[@]}"
  PIDS=()
  if ((${#perf_pids[@]} > 0)); then
    local who
    for who in leecher seeder-1; do
      [[ -f "$run/$who.perf" ]] || continue
      echo "       $who profile (perf, during the download; report in $run/$who.txt):"
      perf report -i "$run/$who.perf" --no-children --sort comm --stdio -g none 2>/dev/null >"$run/$who.txt" || true
      perf report -i "$run/$who.perf" --no-children --sort dso,sym --stdio -g none 2>/dev/null >>"$run/$who.txt" || true
      { grep -v '^#' "$run/$who.txt" | grep -v '^$' | head -n 40 | sed 's/^/     /'; } || true
    done
  fi
  rm -rf "$run/leecher/downloads"
}

# --- the crowd: one capped seeder, N leechers at once ----------------------------------------------------------

# seeder_uploaded URL FILE_ID: the p2p_upload_bytes_total of FILE_ID in the /metrics of the node at URL (0 while the
# meter does not exist), or nothing when /metrics does not answer.
seeder_uploaded() {
  local text
  text=$(lcurl -fsS --max-time 5 "$1/metrics" 2>/dev/null) || return 0
  awk -v id="$2" '$1 ~ /^p2p_upload_bytes_total\{/ && index($1, "file=\"" id "\"") { sum += $NF }
    END { printf "%.0f\n", sum + 0 }' <<<"$text"
}

# bytes_from_seeder DOWNLOAD_JSON: the bytes one download counted from the source named "seeder".
bytes_from_seeder() {
  { grep -o '{[^{}]*"name":"seeder"[^{}]*}' <<<"$1" || true; } | sed -n 's/.*"bytes":\([0-9][0-9]*\).*/\1/p' |
    awk '{ s += $1 } END { printf "%.0f\n", s + 0 }'
}

ASKED_T0=""
ASKED_STATES=()
ASKED_REPLIES=()
ASKED_DONE=()
# ask_all_and_wait RUN API... -- PID...: POSTs the download of NAME to every API at once (parallel curl; ASKED_T0 is
# the moment before), then polls each download until it has finished (completed, failed or cancelled), its node (the
# PID in the same place) died, or BENCH_DOWNLOAD_TIMEOUT passed. Sets, per API: ASKED_STATES (the final state, or
# why not), ASKED_REPLIES (the last download JSON, also in RUN/download-K.json) and ASKED_DONE (seconds after
# ASKED_T0 when the poll saw it end).
ask_all_and_wait() {
  local run=$1 apis=() node_pids=() i
  shift
  while (($#)) && [[ $1 != -- ]]; do apis+=("$1"); shift; done
  shift
  node_pids=("$@")
  local n=${#apis[@]} t0 posts=() p
  t0=$(now)
  for ((i = 0; i < n; i++)); do
    lcurl -fsS --max-time 10 -X POST -H 'Content-Type: application/json' -d "{\"name\":\"$NAME\"}" \
      "${apis[$i]}/downloads" >"$run/request-$((i + 1)).json" 2>&1 &
    posts+=("$!")
  done
  for p in "${posts[@]}"; do wait "$p" || true; done

  local ids=() states=() done_secs=() replies=() pending=0 reply
  for ((i = 0; i < n; i++)); do
    reply=$(cat "$run/request-$((i + 1)).json")
    ids+=("$(json_string id "$reply")")
    replies+=("")
    done_secs+=("")
    if [[ -n "${ids[$i]}" ]]; then
      states+=("")
      pending=$((pending + 1))
    else
      states+=("request failed: $reply")
    fi
  done
  local give_up state download
  give_up=$(awk -v a="$t0" -v b="$DOWNLOAD_TIMEOUT" 'BEGIN { printf "%d", a + b }')
  while ((pending > 0)); do
    for ((i = 0; i < n; i++)); do
      [[ -z "${states[$i]}" ]] || continue
      download=$(lcurl -fsS --max-time 10 "${apis[$i]}/downloads/${ids[$i]}" 2>/dev/null || true)
      state=$(json_string state "$download")
      if [[ $state == completed || $state == failed || $state == cancelled ]]; then
        :
      elif ! kill -0 "${node_pids[$i]}" 2>/dev/null; then
        state="leecher died"
      elif (($(date +%s) >= give_up)); then
        state="timed out after ${DOWNLOAD_TIMEOUT}s"
      else
        continue
      fi
      states[i]=$state
      replies[i]=$download
      printf '%s\n' "$download" >"$run/download-$((i + 1)).json"
      done_secs[i]=$(elapsed "$t0" "$(now)")
      pending=$((pending - 1))
    done
    ((pending == 0)) || sleep 0.1
  done
  ASKED_T0=$t0
  ASKED_STATES=("${states[@]}")
  ASKED_REPLIES=("${replies[@]}")
  ASKED_DONE=("${done_secs[@]}")
}

OURS_CROWD_LINE=""
OURS_CROWD_SHA=""
OURS_CROWD_RATE_LINE=""
OURS_CROWD_OK=false
# run_crowd N: tracker, one seeder with "upload": {"maxBytesPerSecond": CROWD_RATE}, N leechers in $WORK/crowd; the N
# downloads asked for at once, polled until every one has finished (completed, failed or timed out), every copy
# checked, the seeder's upload read from its /metrics before and after; then everything stopped.
run_crowd() {
  local n=$1 run="$WORK/crowd" i deadline
  SWARM_NAMES=(); SWARM_PIDS=()
  start_tracker "$run"
  start_peer "$run" seeder "$SEEDER_OPTS" yes ", \"upload\": {\"maxBytesPerSecond\": $CROWD_RATE}"
  local seeder_url="http://$HOST:$PEER_HTTP_PORT"
  local apis=()
  for ((i = 1; i <= n; i++)); do
    start_peer "$run" "leecher-$i" "$LEECHER_OPTS" no
    apis+=("http://$HOST:$PEER_HTTP_PORT/api")
  done
  local names=("${SWARM_NAMES[@]}") pids=("${SWARM_PIDS[@]}")

  # Ready when every leecher sees the file on the seeder (which hashes it first).
  deadline=$((SECONDS + START_TIMEOUT))
  for ((i = 0; i < n; i++)); do wait_sources "${apis[$i]}" "leecher-$((i + 1))" 1 "$deadline"; done
  local file_id
  file_id=$(json_string fileId "$FILES_REPLY")
  echo "bench: crowd: seeder and $n leechers up, each sees $NAME (${file_id:0:12}…); asking for it on all at once"

  local up0 cpu0=()
  up0=$(seeder_uploaded "$seeder_url" "$file_id")
  for i in "${!pids[@]}"; do cpu0+=("$(cpu_seconds "${pids[$i]}")"); done
  warm_cache
  ask_all_and_wait "$run" "${apis[@]}" -- "${pids[@]:2}"
  local states=("${ASKED_STATES[@]}") replies=("${ASKED_REPLIES[@]}") done_secs=("${ASKED_DONE[@]}") t0=$ASKED_T0
  local secs up1 cpu1=()
  secs=$(elapsed "$t0" "$(now)")
  up1=$(seeder_uploaded "$seeder_url" "$file_id")
  for i in "${!pids[@]}"; do cpu1+=("$(cpu_seconds "${pids[$i]}")"); done

  local completed=0 good=0 verdicts=() path verdict counted=0 b
  for ((i = 0; i < n; i++)); do
    verdict="not checked (${states[$i]})"
    if [[ ${states[$i]} == completed ]]; then
      completed=$((completed + 1))
      path=$(json_string path "${replies[$i]}")
      [[ -n "$path" ]] || path="$run/leecher-$((i + 1))/downloads/$NAME"
      [[ "$path" == /* ]] || path="$run/leecher-$((i + 1))/$path"
      if [[ -f "$path" ]]; then verdict=$(sha_ok "$path"); else verdict="file missing at $path"; fi
    fi
    [[ $verdict != ok ]] || good=$((good + 1))
    verdicts+=("leecher-$((i + 1)) $verdict")
    b=$(bytes_from_seeder "${replies[$i]}")
    counted=$((counted + ${b:-0}))
  done

  # The seeder's own count when its /metrics answered both times and moved; else what the leechers counted from it.
  local uploaded how
  if [[ -n "$up0" && -n "$up1" ]] && ((up1 > up0)); then
    uploaded=$((up1 - up0))
    how="its /metrics p2p_upload_bytes_total; the leechers counted $(ratio "$counted" "$BYTES") from it"
  else
    uploaded=$counted
    how="the leechers' per-source bytes from it (its /metrics gave nothing)"
  fi
  local up_mbps held
  up_mbps=$(awk -v b="$uploaded" -v s="$secs" 'BEGIN { if (s > 0) printf "%.1f", b / s / 1e6; else print "?" }')
  # The same check as libtorrent's: the cap plus 1.5 %. Reported, not failed: the seeder may not know the key yet.
  held=$(awk -v b="$uploaded" -v s="$secs" -v r="$CROWD_RATE" 'BEGIN { print (s > 0 && b / s <= r * 1.015) ? "cap held" : "ABOVE THE CAP" }')
  if ((completed == n)); then
    OURS_CROWD_LINE="ours: all $n done in $secs s, seeder uploaded $(ratio "$uploaded" "$BYTES") the file"
  else
    OURS_CROWD_LINE="ours: only $completed of $n completed after $secs s, seeder uploaded $(ratio "$uploaded" "$BYTES") the file"
  fi
  OURS_CROWD_SHA="ours: sha256 $(printf '%s, ' "${verdicts[@]}")"
  OURS_CROWD_SHA=${OURS_CROWD_SHA%, }
  if ((good == n)); then OURS_CROWD_OK=true; fi
  echo "$OURS_CROWD_LINE"
  echo "ours: each leecher done after (s): ${done_secs[*]}"
  OURS_CROWD_RATE_LINE="ours: seeder upload $up_mbps MB/s on average over the run (cap $(awk -v r="$CROWD_RATE" 'BEGIN { printf "%.1f", r / 1e6 }') MB/s): $held"
  echo "$OURS_CROWD_RATE_LINE, from $how"
  echo "ours: CPU seconds during the run:$(cpu_deltas)"
  echo "$OURS_CROWD_SHA"
  for ((i = 0; i < n; i++)); do
    [[ ${states[$i]} == completed ]] && continue
    echo "--- last lines of leecher-$((i + 1))'s log"; tail -n 8 "$run/logs/leecher-$((i + 1)).log"
  done
  stop_pids "${pids[@]}"
  PIDS=()
  rm -rf "$run"/leecher-*/downloads
}

LT_LINES=""
LT_RC=""
# run_libtorrent N: scripts/crowd_libtorrent.py on the same file, with the same cap, in $WORK/libtorrent.
run_libtorrent() {
  local n=$1 dir="$WORK/libtorrent" pid
  mkdir -p "$dir"
  echo "bench: libtorrent: making the torrent, then 1 seeder and $n leechers (output when they are done)"
  warm_cache
  "$LT_PY" "$ROOT/scripts/crowd_libtorrent.py" --file "$FILE" --leechers "$n" --work "$dir" --rate "$CROWD_RATE" \
    --sha256 "$EXPECTED" --timeout "$DOWNLOAD_TIMEOUT" --start-timeout "$START_TIMEOUT" >"$dir/out.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  LT_RC=0
  wait "$pid" || LT_RC=$?
  PIDS=()
  cat "$dir/out.log"
  LT_LINES=$(grep -E '^libtorrent: (all|only) ' "$dir/out.log" || true)
  LT_LINES+=$'\n'$(grep -E '^libtorrent: seeder upload ' "$dir/out.log" | sed 's/; peak.*//' || true)
  LT_LINES+=$'\n'$(grep -E '^libtorrent: sha256 ' "$dir/out.log" || true)
  rm -rf "$dir"/leecher-*
}

# --- the flash crowd on an emulated network (--lan) ------------------------------------------------------------

LAN_PEER_HTTP_PORT=8080
LAN_TRACKER_PORT=6881
LAN_TRACKER_HTTP_PORT=6882
LAN_LT_PORT=6891
# Seconds between the last leecher done and reading the seeder's counters: what it had queued by then has left too.
LAN_SETTLE=2

lan() { "$ROOT/scripts/lan.sh" "$@"; }
# lan_field HOST COLUMN: one column of HOST's line in the network's hosts.tsv (3: IPv4, 5: management address).
lan_field() { awk -F'\t' -v n="$1" -v c="$2" '$1 == n { print $c }' "$LAN_STATE/hosts.tsv"; }
# lan_host_of IP: the host whose LAN address is IP (or IP itself).
lan_host_of() {
  awk -F'\t' -v ip="$1" '$3 == ip { print $1; found = 1 } END { if (!found) print ip }' "$LAN_STATE/hosts.tsv"
}
# eth0_bytes HOST tx|rx: what HOST's access link sent or received, from its interface's counter: payload, TCP/IP
# and Ethernet headers, acknowledgements, everything.
eth0_bytes() { lan exec --state "$LAN_STATE" "$1" cat "/sys/class/net/eth0/statistics/$2_bytes"; }
# lan_tx FILE NAME...: "NAME BYTES" for each host NAME, its eth0's tx_bytes, into FILE.
lan_tx() {
  local file=$1 name
  shift
  for name in "$@"; do echo "$name $(eth0_bytes "$name" tx)"; done >"$file"
}
seeder_tx() { awk '$1 == "seeder" { print $2 }' "$1"; }
# uplink_use BEFORE AFTER SECONDS: how busy each uplink was over SECONDS, from two lan_tx files: what its eth0 sent
# against what the link's rate allows in that time.
uplink_use() {
  awk -v secs="$3" -v rate="$((LAN_UP_MBIT * 1000000 / 8))" '
    FILENAME == ARGV[1] { before[$1] = $2; next }
    { use = secs > 0 ? 100 * ($2 - before[$1]) / (rate * secs) : 0
      if ($1 == "seeder") { seeder = use; next }
      n++; sum += use; if (n == 1 || use < lo) lo = use; if (n == 1 || use > hi) hi = use }
    END { printf "seeder %.0f%%, leechers %.0f%% on average (%.0f%% to %.0f%%)", seeder, n ? sum / n : 0, lo, hi }' \
    "$1" "$2"
}
times_file() { awk -v b="$1" -v f="$BYTES" 'BEGIN { if (b != "" && f > 0) printf "%.2fx", b / f; else print "?" }'; }

# lan_build N UP_MBIT: a network with a tracker, a seeder and N leechers, each a host of its own; every peer's access
# link shaped to UP_MBIT up and 10 x UP_MBIT down (the tracker's is not shaped).
lan_build() {
  local n=$1 up=$2 args=() i
  LAN_STATE="$WORK/lan"
  args=(up --state "$LAN_STATE" --host tracker --host seeder)
  for ((i = 1; i <= n; i++)); do args+=(--host "leecher-$i"); done
  lan "${args[@]}" >"$WORK/lan-hosts.txt" || fail "scripts/lan.sh up failed"
  local name
  for name in seeder $(seq -f 'leecher-%g' 1 "$n"); do
    lan shape --state "$LAN_STATE" "$name" "${up}mbit" "$((10 * up))mbit" || fail "shaping $name failed"
  done
  echo "bench: lan: network p2pl-$(sed -n 's/^RUN=//p' "$LAN_STATE/lan.env")-* built; each peer's link ${up} Mbit/s" \
    "up, $((10 * up)) Mbit/s down (tc tbf)"
  sed 's/^/  /' "$WORK/lan-hosts.txt"
}

# lan_start HOST LOG JAVA_OPTS SCRIPT ARG...: runs SCRIPT in HOST (scripts/lan.sh exec), logging to LOG; its pid goes
# to PIDS and SWARM_PIDS.
lan_start() {
  local host=$1 log=$2 opts=$3
  shift 3
  # exec all the way down (lan.sh exec, ip netns exec, the start script), so that the pid is the node's own.
  (JAVA_OPTS="$opts" exec "$ROOT/scripts/lan.sh" exec --state "$LAN_STATE" "$host" "$@") >"$log" 2>&1 &
  PIDS+=("$!"); SWARM_NAMES+=("$host"); SWARM_PIDS+=("$!")
}

# sent_lines SENDER BEFORE AFTER: "RECEIVER SENDER BYTES" for each peer whose p2p_upload_peer_bytes_total (labelled
# NAME@ADDRESS, NAME the receiver's) grew between two /metrics texts of node SENDER.
sent_lines() {
  awk -v s="$1" '$1 ~ /^p2p_upload_peer_bytes_total\{/ {
      label = $1; sub(/.*peer="/, "", label); sub(/@.*/, "", label)
      if (FILENAME == ARGV[1]) before[label] += $NF; else after[label] += $NF
    }
    END { for (r in after) if (after[r] > before[r]) printf "%s %s %.0f\n", r, s, after[r] - before[r] }' "$2" "$3"
}

# print_matrix FILE N: a table of FILE's "RECEIVER SENDER BYTES" lines, one row per leecher, one column per sender,
# in MiB, with each row's total and the seeder's part of it.
print_matrix() {
  local file=$1 n=$2
  awk -v n="$n" '
    { got[$1, $2] += $3 }
    END {
      cols[0] = "seeder"; for (j = 1; j <= n; j++) cols[j] = "leecher-" j
      printf "  %-11s", "got \\ from"
      for (j = 0; j <= n; j++) printf " %7s", (j == 0 ? "seeder" : "l-" j)
      printf " %8s %9s\n", "total", "by seeder"
      for (i = 1; i <= n; i++) {
        r = "leecher-" i; total = 0
        printf "  %-11s", r
        for (j = 0; j <= n; j++) {
          v = got[r, cols[j]] / 1048576; total += v
          if (cols[j] == r) printf " %7s", "-"; else printf " %7.1f", v
        }
        printf " %8.1f %8.0f%%\n", total, (total > 0 ? 100 * got[r, "seeder"] / 1048576 / total : 0)
      }
    }' "$file"
}

# lan_metrics DIR WHEN NAME...: the /metrics of each peer node NAME, in DIR/NAME.WHEN (empty when it did not answer).
lan_metrics() {
  local dir=$1 when=$2 name
  shift 2
  mkdir -p "$dir"
  for name in "$@"; do
    lcurl -fsS --max-time 5 "http://$(lan_field "$name" 5):$LAN_PEER_HTTP_PORT/metrics" >"$dir/$name.$when" \
      2>/dev/null || true
  done
}

LAN_OURS=()   # all done (s), each leecher (s), seeder eth0 tx bytes, seeder payload bytes, copies ok, note
# run_lan_ours N: the tracker, the seeder and N leechers on their hosts; the N downloads asked for at once over the
# management path; timed from the requests to the last finishedAt; every copy checked; then everything stopped.
run_lan_ours() {
  local n=$1 run="$WORK/lan-ours" i name deadline
  SWARM_NAMES=(); SWARM_PIDS=()
  mkdir -p "$run/logs" "$run/tracker"
  local tracker_ip tracker_mgmt
  tracker_ip=$(lan_field tracker 3)
  tracker_mgmt=$(lan_field tracker 5)
  cat >"$run/tracker/tracker.json" <<JSON
{"host": "0.0.0.0", "port": $LAN_TRACKER_PORT, "httpPort": $LAN_TRACKER_HTTP_PORT,
 "httpAllowedHosts": ["$tracker_mgmt"], "peerTimeoutSeconds": 30, "warmUp": false}
JSON
  lan_start tracker "$run/logs/tracker.log" "$TRACKER_OPTS" "$ROOT/scripts/tracker.sh" -conf "$run/tracker/tracker.json"
  deadline=$((SECONDS + START_TIMEOUT))
  until curl -fsS --max-time 2 -o /dev/null "http://$tracker_mgmt:$LAN_TRACKER_HTTP_PORT/health" 2>/dev/null; do
    kill -0 "${SWARM_PIDS[0]}" 2>/dev/null || fail "the tracker exited during start-up"
    ((SECONDS < deadline)) || fail "the tracker did not answer within ${START_TIMEOUT}s"
    sleep 0.25
  done
  local apis=() names=(seeder) opts extra=${BENCH_PEER_JSON:-}
  for ((i = 1; i <= n; i++)); do names+=("leecher-$i"); done
  for name in "${names[@]}"; do
    mkdir -p "$run/$name/share" "$run/$name/downloads"
    [[ $name != seeder ]] || ln "$FILE" "$run/$name/share/$NAME" 2>/dev/null || cp "$FILE" "$run/$name/share/$NAME"
    cat >"$run/$name/peer.json" <<JSON
{"name": "$name", "host": "$(lan_field "$name" 3)", "port": 0, "shareDir": "$run/$name/share",
 "downloadDir": "$run/$name/downloads", "tracker": {"host": "$tracker_ip", "port": $LAN_TRACKER_PORT},
 "heartbeatSeconds": 5, "chunkSize": $CHUNK_SIZE,
 "http": {"host": "$(lan_field "$name" 5)", "port": $LAN_PEER_HTTP_PORT, "token": "$TOKEN"}$extra}
JSON
    opts=$LEECHER_OPTS
    [[ $name != seeder ]] || opts=$SEEDER_OPTS
    lan_start "$name" "$run/logs/$name.log" "$opts" "$ROOT/scripts/peer.sh" -conf "$run/$name/peer.json"
    [[ $name == seeder ]] || apis+=("http://$(lan_field "$name" 5):$LAN_PEER_HTTP_PORT/api")
  done
  local pids=("${SWARM_PIDS[@]}")
  names=("${SWARM_NAMES[@]}")
  local seeder_url="http://$(lan_field seeder 5):$LAN_PEER_HTTP_PORT"

  for ((i = 0; i < n; i++)); do wait_sources "${apis[$i]}" "leecher-$((i + 1))" 1 "$deadline"; done
  local file_id
  file_id=$(json_string fileId "$FILES_REPLY")
  echo "bench: lan: p2pshare: tracker, seeder and $n leechers up, each sees $NAME (${file_id:0:12}…);" \
    "asking for it on all at once"

  local up0 tx0 cpu0=()
  lan_metrics "$run/metrics" before "${names[@]:1}"
  lan_tx "$run/tx.before" "${names[@]:1}"
  up0=$(seeder_uploaded "$seeder_url" "$file_id")
  for i in "${!pids[@]}"; do cpu0+=("$(cpu_seconds "${pids[$i]}")"); done
  warm_cache
  ask_all_and_wait "$run" "${apis[@]}" -- "${pids[@]:2}"
  local tx1 up1 cpu1=()
  for i in "${!pids[@]}"; do cpu1+=("$(cpu_seconds "${pids[$i]}")"); done
  sleep "$LAN_SETTLE"
  lan_tx "$run/tx.after" "${names[@]:1}"
  up1=$(seeder_uploaded "$seeder_url" "$file_id")
  lan_metrics "$run/metrics" after "${names[@]:1}"
  tx0=$(seeder_tx "$run/tx.before")
  tx1=$(seeder_tx "$run/tx.after")

  # Each leecher's own finishedAt (epoch ms) against the moment before the requests: the poll adds its own delay.
  local done_secs=() finished completed=0 good=0 verdicts=() path verdict last=0
  for ((i = 0; i < n; i++)); do
    name="leecher-$((i + 1))"
    verdict="not checked (${ASKED_STATES[$i]})"
    finished=$(json_number finishedAt "${ASKED_REPLIES[$i]}")
    if [[ ${ASKED_STATES[$i]} == completed && -n "$finished" ]]; then
      completed=$((completed + 1))
      done_secs+=("$(awk -v f="$finished" -v t="$ASKED_T0" 'BEGIN { printf "%.2f", f / 1000 - t }')")
      path=$(json_string path "${ASKED_REPLIES[$i]}")
      [[ -n "$path" ]] || path="$run/$name/downloads/$NAME"
      if [[ -f "$path" ]]; then verdict=$(sha_ok "$path"); else verdict="file missing at $path"; fi
    else
      done_secs+=("-")
    fi
    [[ $verdict != ok ]] || good=$((good + 1))
    verdicts+=("$name $verdict")
  done
  for name in "${names[@]:1}"; do
    sent_lines "$name" "$run/metrics/$name.before" "$run/metrics/$name.after"
  done >"$run/matrix.txt"
  # A run of a download that found nothing to ask for download.stallMillis ends; the download waits and starts again.
  local restarts=""
  for ((i = 1; i <= n; i++)); do
    restarts+=" leecher-$i $(grep -c 'has no source' "$run/logs/leecher-$i.log" || true),"
  done
  last=$(printf '%s\n' "${done_secs[@]}" | grep -v '^-$' | sort -g | tail -n 1 || true)
  local payload=""
  if [[ -n "$up0" && -n "$up1" ]] && ((up1 > up0)); then payload=$((up1 - up0)); fi

  echo "p2pshare: $completed of $n completed; each leecher done after (s, its finishedAt): ${done_secs[*]}"
  echo "p2pshare: seeder's eth0 sent $((tx1 - tx0)) bytes ($(times_file $((tx1 - tx0))) the file);" \
    "its p2p_upload_bytes_total: ${payload:-?} bytes ($(times_file "$payload"))"
  echo "p2pshare: uplinks busy until the last was done: $(uplink_use "$run/tx.before" "$run/tx.after" "$last")"
  echo "p2pshare: CPU seconds during the run:$(cpu_deltas)"
  echo "p2pshare: sha256 $(printf '%s, ' "${verdicts[@]}" | sed 's/, $//')"
  echo "p2pshare: runs that ended waiting for a source (each download then waited and started again):${restarts%,}"
  echo "p2pshare: MiB sent to each leecher by each node (the senders' p2p_upload_peer_bytes_total):"
  print_matrix "$run/matrix.txt" "$n"
  for ((i = 0; i < n; i++)); do
    [[ ${ASKED_STATES[$i]} == completed ]] && continue
    echo "--- last lines of leecher-$((i + 1))'s log"; tail -n 8 "$run/logs/leecher-$((i + 1)).log"
  done
  local note=""
  ((completed == n)) || note="only $completed of $n completed"
  ((good == completed)) || note="${note:+$note; }a copy differs"
  LAN_OURS=("${last:-}" "$(range_of "${done_secs[@]}")" "$((tx1 - tx0))" "$payload" "$good/$n" "$note")
  stop_pids "${pids[@]}"
  PIDS=()
  rm -rf "$run"/leecher-*/downloads "$run"/seeder/share
}

# range_of SECONDS...: "MIN to MAX" of the numbers among them.
range_of() {
  printf '%s\n' "$@" | grep -E '^[0-9.]+$' | sort -g |
    awk 'NR == 1 { a = $1 } { b = $1 } END { if (NR) printf "%s to %s", a, b }'
}

LAN_LT=()   # as LAN_OURS
# BENCH_LT_SUPER_SEED=1: libtorrent's seeder in its super-seeding mode (BEP 16) instead of as it comes.
LT_SUPER_SEED=""
[[ "${BENCH_LT_SUPER_SEED:-0}" != 1 ]] || LT_SUPER_SEED=1
LT_VERSION=""
# run_lan_libtorrent N: the same crowd with libtorrent: one session per host (scripts/lan_libtorrent.py), a torrent of
# the same file with pieces of CHUNK_SIZE, each leecher told of the seeder and of every other leecher; timed from
# the go file to the last leecher seeding; every copy checked; then everything stopped.
run_lan_libtorrent() {
  local n=$1 dir="$WORK/lan-libtorrent" i name deadline script="$ROOT/scripts/lan_libtorrent.py" life
  SWARM_NAMES=(); SWARM_PIDS=()
  mkdir -p "$dir/logs"
  LT_VERSION=$("$LT_PY" -c 'import libtorrent; print(libtorrent.__version__)')
  "$LT_PY" "$script" torrent --file "$FILE" --out "$dir/$NAME.torrent" --piece-size "$CHUNK_SIZE" \
    >"$dir/logs/torrent.log" 2>&1 || fail "making the torrent failed: $(cat "$dir/logs/torrent.log")"
  life=$((START_TIMEOUT + DOWNLOAD_TIMEOUT + 60))
  lan_start seeder "$dir/logs/seeder.log" "" "$LT_PY" "$script" seed --torrent "$dir/$NAME.torrent" \
    --save-path "$(dirname "$FILE")" --listen "$(lan_field seeder 3):$LAN_LT_PORT" --dir "$dir/seeder" \
    --timeout "$life" ${LT_SUPER_SEED:+--super-seed}
  local peers=("$(lan_field seeder 3):$LAN_LT_PORT")
  for ((i = 1; i <= n; i++)); do peers+=("$(lan_field "leecher-$i" 3):$LAN_LT_PORT"); done
  for ((i = 1; i <= n; i++)); do
    name="leecher-$i"
    local others
    others=$(printf '%s\n' "${peers[@]}" | grep -vx "$(lan_field "$name" 3):$LAN_LT_PORT" | paste -sd, -)
    mkdir -p "$dir/$name/downloads"
    lan_start "$name" "$dir/logs/$name.log" "" "$LT_PY" "$script" leech --torrent "$dir/$NAME.torrent" \
      --save-path "$dir/$name/downloads" --listen "$(lan_field "$name" 3):$LAN_LT_PORT" --dir "$dir/$name" \
      --peers "$others" --timeout "$life"
  done
  local pids=("${SWARM_PIDS[@]}") names=("${SWARM_NAMES[@]}")
  deadline=$((SECONDS + START_TIMEOUT))
  for i in "${!names[@]}"; do
    until [[ -f "$dir/${names[$i]}/ready" ]]; do
      kill -0 "${pids[$i]}" 2>/dev/null ||
        fail "libtorrent's ${names[$i]} exited during start-up: $(tail -n 3 "$dir/logs/${names[$i]}.log")"
      ((SECONDS < deadline)) || fail "libtorrent's ${names[$i]} was not ready within ${START_TIMEOUT}s"
      sleep 0.1
    done
  done
  echo "bench: lan: libtorrent $LT_VERSION: seeder and $n leechers ready" \
    "($(sed -n 's/.*: \(.* pieces of .*\)$/\1/p' "$dir/logs/torrent.log")); starting them all at once"

  local tx0 t0 cpu0=()
  lan_tx "$dir/tx.before" "${names[@]}"
  for i in "${!pids[@]}"; do cpu0+=("$(cpu_seconds "${pids[$i]}")"); done
  warm_cache
  t0=$(now)
  : >"$dir/go"
  local give_up pending=$n state=()
  give_up=$(awk -v a="$t0" -v b="$DOWNLOAD_TIMEOUT" 'BEGIN { printf "%d", a + b }')
  for ((i = 1; i <= n; i++)); do state+=(""); done
  while ((pending > 0)); do
    for ((i = 1; i <= n; i++)); do
      [[ -z "${state[$((i - 1))]}" ]] || continue
      if [[ -f "$dir/leecher-$i/done" ]]; then
        state[i - 1]=done
      elif ! kill -0 "${pids[$i]}" 2>/dev/null; then
        state[i - 1]="exited: $(tail -n 1 "$dir/logs/leecher-$i.log")"
      elif (($(date +%s) >= give_up)); then
        state[i - 1]="timed out after ${DOWNLOAD_TIMEOUT}s"
      else
        continue
      fi
      pending=$((pending - 1))
    done
    ((pending == 0)) || sleep 0.05
  done
  local tx1 cpu1=()
  for i in "${!pids[@]}"; do cpu1+=("$(cpu_seconds "${pids[$i]}")"); done
  sleep "$LAN_SETTLE"
  lan_tx "$dir/tx.after" "${names[@]}"
  tx0=$(seeder_tx "$dir/tx.before")
  tx1=$(seeder_tx "$dir/tx.after")
  : >"$dir/stop"
  # Each writes its final counts and closes its session (its files complete) within a second or two.
  local wait_until=$((SECONDS + 30)) pid
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < wait_until)); do sleep 0.1; done
  done
  stop_pids "${pids[@]}"
  PIDS=()

  local done_secs=() completed=0 good=0 verdicts=() copy verdict last at
  for ((i = 1; i <= n; i++)); do
    name="leecher-$i"
    verdict="not checked (${state[$((i - 1))]})"
    if [[ ${state[$((i - 1))]} == done ]]; then
      completed=$((completed + 1))
      at=$(sed -n '1s/^at=\([0-9.]*\) .*/\1/p' "$dir/$name/done")
      done_secs+=("$(awk -v a="$at" -v t="$t0" 'BEGIN { printf "%.2f", a - t }')")
      copy="$dir/$name/downloads/$NAME"
      if [[ -f "$copy" ]]; then verdict=$(sha_ok "$copy"); else verdict="file missing at $copy"; fi
    else
      done_secs+=("-")
    fi
    [[ $verdict != ok ]] || good=$((good + 1))
    verdicts+=("$name $verdict")
  done
  for name in "${names[@]}"; do
    [[ -f "$dir/$name/final" ]] || continue
    sed -n 's/^to \([^=]*\)=\([0-9]*\)$/\1 \2/p' "$dir/$name/final" | while read -r ip bytes; do
      echo "$(lan_host_of "$ip") $name $bytes"
    done
  done >"$dir/matrix.txt"
  last=$(printf '%s\n' "${done_secs[@]}" | grep -v '^-$' | sort -g | tail -n 1 || true)
  local payload=""
  [[ ! -f "$dir/seeder/final" ]] || payload=$(sed -n '1s/^uploaded=\([0-9]*\) .*/\1/p' "$dir/seeder/final")

  echo "libtorrent: $completed of $n done; each leecher seeding after (s): ${done_secs[*]}"
  echo "libtorrent: seeder's eth0 sent $((tx1 - tx0)) bytes ($(times_file $((tx1 - tx0))) the file);" \
    "its total_payload_upload: ${payload:-?} bytes ($(times_file "$payload"))"
  echo "libtorrent: uplinks busy until the last was done: $(uplink_use "$dir/tx.before" "$dir/tx.after" "$last")"
  echo "libtorrent: CPU seconds during the run:$(cpu_deltas)"
  echo "libtorrent: sha256 $(printf '%s, ' "${verdicts[@]}" | sed 's/, $//')"
  echo "libtorrent: MiB sent to each leecher by each session (the senders' per-connection payload counts):"
  print_matrix "$dir/matrix.txt" "$n"
  local note=""
  ((completed == n)) || note="only $completed of $n done"
  ((good == completed)) || note="${note:+$note; }a copy differs"
  LAN_LT=("${last:-}" "$(range_of "${done_secs[@]}")" "$((tx1 - tx0))" "$payload" "$good/$n" "$note")
  rm -rf "$dir"/leecher-*/downloads
}

# --- the baseline (--check, --save-baseline) -------------------------------------------------------------------

BASELINE="${BENCH_BASELINE:-$ROOT/scripts/bench-baseline.txt}"
CPU_MODEL=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
CORES=$(nproc)
baseline_value() { awk -F= -v k="$1" '$1 == k { sub(/^[^=]*=/, ""); print; exit }' "$BASELINE"; }

# baseline_compare SECONDS CPU: --save-baseline writes them with this machine; --check compares them with the file.
baseline_compare() {
  local secs=$1 cpu=$2 base_secs base_cpu verdict=0
  echo
  echo "== $SIZE_MIB MiB from 3 seeders, median of $RUNS: $secs s, leecher $cpu CPU s per GiB; $CPU_MODEL, $CORES cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  if [[ $mode == save ]]; then
    cat >"$BASELINE" <<BASE
# Written by scripts/bench.sh --save-baseline on $(date -u '+%Y-%m-%d %H:%M UTC'), code $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown).
# The median of 3 downloads of 1 GiB from 3 seeders (fresh JVMs), no references. --check compares with it.
cpu_model=$CPU_MODEL
cores=$CORES
seconds=$secs
cpu_per_gib=$cpu
BASE
    echo "baseline written to ${BASELINE#"$ROOT"/}"
    return 0
  fi
  [[ -f "$BASELINE" ]] || { echo "cannot compare: no ${BASELINE#"$ROOT"/} (write one with --save-baseline)"; return 0; }
  if [[ "$(baseline_value cpu_model)" != "$CPU_MODEL" || "$(baseline_value cores)" != "$CORES" ]]; then
    echo "cannot compare: the baseline comes from another kind of machine ($(baseline_value cpu_model), $(baseline_value cores) cores)"
    echo "its figures: $(baseline_value seconds) s, $(baseline_value cpu_per_gib) CPU s per GiB; these: $secs s, $cpu CPU s per GiB"
    return 0
  fi
  base_secs=$(baseline_value seconds); base_cpu=$(baseline_value cpu_per_gib)
  if awk -v a="$secs" -v b="$base_secs" 'BEGIN { exit !(a > b * 1.2) }'; then
    echo "FAIL: time $secs s against the baseline's $base_secs s ($(ratio "$secs" "$base_secs"), more than 20 % worse)"
    verdict=1
  else
    echo "ok: time $secs s against the baseline's $base_secs s ($(ratio "$secs" "$base_secs"))"
  fi
  if awk -v a="$cpu" -v b="$base_cpu" 'BEGIN { exit !(a > b * 1.2) }'; then
    echo "FAIL: leecher CPU $cpu s per GiB against the baseline's $base_cpu ($(ratio "$cpu" "$base_cpu"), more than 20 % worse)"
    verdict=1
  else
    echo "ok: leecher CPU $cpu s per GiB against the baseline's $base_cpu ($(ratio "$cpu" "$base_cpu"))"
  fi
  return $verdict
}

# --- run -------------------------------------------------------------------------------------------------------

if [[ $mode == memory ]]; then
  echo "bench: --memory: $SIZE_MIB MiB from 3 seeders into a leecher with $LEECHER_OPTS"
  run_ours 3
  echo
  echo "memory mode: completed: $([[ $LAST_STATE == completed && $LAST_VERDICT == ok ]] && echo yes || echo "NO ($LAST_STATE, sha256 $LAST_VERDICT)")"
  echo "leecher peak RSS (VmHWM): $(mib_of_kib "$LAST_HWM"); heap: $LAST_HEAP"
  [[ $LAST_STATE == completed && $LAST_VERDICT == ok ]] && exit 0 || exit 1
fi

if [[ $mode == lan ]]; then
  down_mbit=$((10 * LAN_UP_MBIT))
  echo "bench: --lan: 1 seeder -> $CROWD_N leechers, $SIZE_MIB MiB, each peer's link $LAN_UP_MBIT Mbit/s up and" \
    "$down_mbit down"
  lan_build "$CROWD_N" "$LAN_UP_MBIT"
  echo
  run_lan_ours "$CROWD_N"
  if [[ -n "$LT_PY" ]]; then
    echo
    run_lan_libtorrent "$CROWD_N"
  fi
  floor=$(awk -v b="$BYTES" -v u="$LAN_UP_MBIT" 'BEGIN { printf "%.2f", b * 8 / (u * 1e6) }')
  # lan_row NAME ALL_DONE RANGE ETH0_BYTES PAYLOAD_BYTES COPIES_OK NOTE: one line of the table.
  lan_row() {
    local vs
    vs=$(awk -v a="${2:-}" -v f="$floor" 'BEGIN { if (a != "") printf "%.2fx", a / f; else print "-" }')
    printf '%-28s %9s %8s %-18s %15s %15s %8s  %s\n' "$1" "${2:-FAIL}" "$vs" "${3:--}" "$(times_file "${4:-}")" \
      "$(times_file "${5:-}")" "${6:-}" "${7:-}"
  }
  echo
  echo "== lan: 1 seeder -> $CROWD_N leechers, each on a host of its own; $SIZE_MIB MiB," \
    "$((CHUNK_SIZE / 1024)) KiB chunks and pieces; every peer's link $LAN_UP_MBIT Mbit/s up, $down_mbit Mbit/s down" \
    "(tc tbf); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-28s %9s %8s %-18s %15s %15s %8s\n' "" "all done" "/floor" "each leecher (s)" "seeder's eth0" \
    "seeder payload" "sha256 ok"
  printf '%-28s %9s %8s %-18s %15s %15s\n' "floor: SIZE / UP" "$floor" "1.00x" "" "" "1.00x"
  lan_row p2pshare ${LAN_OURS[@]+"${LAN_OURS[@]}"}
  if [[ -n "$LT_PY" ]]; then
    lan_row "libtorrent $LT_VERSION${LT_SUPER_SEED:+, super-seeding}" ${LAN_LT[@]+"${LAN_LT[@]}"}
  else
    echo "libtorrent: skipped (no python3-libtorrent)"
  fi
  echo "(seconds from the requests to the last leecher done: p2pshare's finishedAt of state completed, every"
  echo " chunk's SHA-256 checked; libtorrent's first poll, every 20 ms, that saw the session seeding. Seeder's eth0:"
  echo " the bytes its interface sent, TCP/IP and Ethernet headers included, as a multiple of the file; seeder"
  echo " payload: its own count, p2pshare's p2p_upload_bytes_total, libtorrent's total_payload_upload)"
  [[ ${LAN_OURS[4]:-} == "$CROWD_N/$CROWD_N" ]] || exit 1
  [[ -z "$LT_PY" || ${LAN_LT[4]:-} == "$CROWD_N/$CROWD_N" ]] || exit 1
  exit 0
fi

if [[ $mode == crowd ]]; then
  echo "bench: --crowd: 1 seeder, upload capped at $CROWD_RATE bytes/s, -> $CROWD_N leechers ($LEECHER_OPTS each), $SIZE_MIB MiB"
  run_crowd "$CROWD_N"
  if [[ -n "$LT_PY" ]]; then
    echo
    run_libtorrent "$CROWD_N"
  fi
  echo
  echo "== crowd: 1 seeder (upload cap $CROWD_RATE bytes/s) -> $CROWD_N leechers, $SIZE_MIB MiB; MB = 10^6 bytes; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "$OURS_CROWD_LINE"
  if [[ -n "$LT_PY" ]]; then
    echo "$LT_LINES" | head -n 1
    [[ $LT_RC == 0 ]] || echo "libtorrent: FAILED (exit $LT_RC; see its lines above)"
  else
    echo "libtorrent: skipped (no python3-libtorrent)"
  fi
  echo "$OURS_CROWD_RATE_LINE"
  [[ -z "$LT_PY" ]] || echo "$LT_LINES" | sed -n 2p
  echo "$OURS_CROWD_SHA"
  [[ -z "$LT_PY" ]] || echo "$LT_LINES" | sed -n 3p
  echo "(time: from the requests to the last leecher done; ours: POST to state completed, every chunk's SHA-256 checked; libtorrent: connect to every leecher seeding)"
  $OURS_CROWD_OK || exit 1
  [[ -z "$LT_PY" || $LT_RC == 0 ]] || exit 1
  exit 0
fi

if [[ $mode == tls ]]; then
  n=${SEEDER_COUNTS[0]}
  TLS_KEYS="$WORK/keys"
  "$ROOT/scripts/network-keys.sh" init "$TLS_KEYS" >/dev/null
  "$ROOT/scripts/network-keys.sh" tracker "$TLS_KEYS" tracker >/dev/null
  for ((i = 1; i <= n; i++)); do "$ROOT/scripts/network-keys.sh" node "$TLS_KEYS" "seeder-$i" >/dev/null; done
  "$ROOT/scripts/network-keys.sh" node "$TLS_KEYS" leecher >/dev/null
  echo "bench: --tls: $SIZE_MIB MiB from $n seeders, in an open and in a private network (mutual TLS), $RUNS run(s) each"
  declare -A TLS_SECS TLS_CPU
  for ((r = 1; r <= RUNS; r++)); do
    for kind in open tls; do
      if [[ $kind == tls ]]; then TLS_ON=true; else TLS_ON=false; fi
      OURS_ALL[$n]=""; CPU_ALL[$n]=""
      echo "bench: --- $kind network, run $r"
      run_ours "$n"
      [[ -n "${OURS_SECS[$n]:-}" ]] || fail "the $kind download failed: ${OURS_NOTE[$n]:-}"
      TLS_SECS[$kind]="${TLS_SECS[$kind]:-} ${OURS_SECS[$n]}"
      TLS_CPU[$kind]="${TLS_CPU[$kind]:-} ${CPU_ALL[$n]}"
    done
  done
  # shellcheck disable=SC2086
  open_s=$(median ${TLS_SECS[open]}); tls_s=$(median ${TLS_SECS[tls]})
  # shellcheck disable=SC2086
  open_cpu=$(median ${TLS_CPU[open]}); tls_cpu=$(median ${TLS_CPU[tls]})
  echo
  echo "== --tls: $SIZE_MIB MiB from $n seeders, median of $RUNS; MB = 10^6 bytes; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-28s %9s %9s %22s\n' network seconds MB/s "leecher CPU s per GiB"
  printf '%-28s %9s %9s %22s\n' "open" "$open_s" "$(mbps "$open_s")" \
    "$(awk -v c="$open_cpu" -v m="$SIZE_MIB" 'BEGIN { printf "%.2f", c / (m / 1024) }')"
  printf '%-28s %9s %9s %22s\n' "private (mutual TLS)" "$tls_s" "$(mbps "$tls_s")" \
    "$(awk -v c="$tls_cpu" -v m="$SIZE_MIB" 'BEGIN { printf "%.2f", c / (m / 1024) }')"
  echo "speed with TLS / without: $(ratio "$open_s" "$tls_s") (target: at least 0.70x)"
  exit 0
fi

if [[ $mode == check || $mode == save ]]; then
  for ((r = 1; r <= RUNS; r++)); do
    run_ours 3
    [[ -n "${OURS_SECS[3]:-}" ]] || fail "the download failed: ${OURS_NOTE[3]:-}"
  done
  # shellcheck disable=SC2086
  baseline_compare "$(median ${OURS_ALL[3]})" "$(median ${CPU_ALL[3]})"
  exit $?
fi

max_n=0
for n in "${SEEDER_COUNTS[@]}"; do ((n > max_n)) && max_n=$n; done
if [[ "${BENCH_NO_REFS:-0}" != 1 ]] && $HAVE_NGINX; then
  for ((i = 0; i < max_n; i++)); do start_nginx "$i" || break; done
  echo "bench: ${#NGINX_PORTS[@]} nginx instance(s) on ports ${NGINX_PORTS[*]}"
fi

for n in "${SEEDER_COUNTS[@]}"; do
  for ((r = 1; r <= RUNS; r++)); do
    run_ours "$n"
    [[ -n "${OURS_SECS[$n]:-}" ]] || break
  done
done
if ((${#NGINX_PORTS[@]} > 0)); then
  run_curl
  if $HAVE_ARIA; then
    for n in "${SEEDER_COUNTS[@]}"; do run_aria "$n"; done
  fi
fi
stop_pids ${NGINX_PIDS[@]+"${NGINX_PIDS[@]}"}
NGINX_PIDS=()

echo
echo "== $SIZE_MIB MiB ($BYTES bytes), MB = 10^6 bytes; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %9s %9s %12s %12s\n' tool seconds MB/s ours/curl ours/aria2
for n in "${SEEDER_COUNTS[@]}"; do
  ours=${OURS_SECS[$n]:-}
  ours_mbps=$([[ -n "$ours" ]] && mbps "$ours" || echo "")
  curl_mbps=$([[ -n "$CURL_SECS" ]] && mbps "$CURL_SECS" || echo "")
  aria=${ARIA_SECS[$n]:-}
  aria_mbps=$([[ -n "$aria" ]] && mbps "$aria" || echo "")
  printf '%-34s %9s %9s %12s %12s\n' "p2pshare, $n seeder(s)" "${ours:-FAIL}" "${ours_mbps:--}" \
    "$(ratio "$ours_mbps" "$curl_mbps")" "$(ratio "$ours_mbps" "$aria_mbps")"
  [[ -n "$ours" ]] || echo "    (${OURS_NOTE[$n]:-failed})"
done
if [[ -n "$CURL_SECS" ]]; then
  printf '%-34s %9s %9s\n' "curl + sha256sum, 1 nginx" "$CURL_SECS" "$(mbps "$CURL_SECS")"
  printf '%-34s %9s %9s\n' "  of which curl" "$CURL_DL_SECS" "$(mbps "$CURL_DL_SECS")"
  printf '%-34s %9s %9s\n' "  of which sha256sum" "$CURL_SHA_SECS" "$(mbps "$CURL_SHA_SECS")"
  if [[ -n "$CURL_OPENSSL_SHA_SECS" ]]; then
    curl_fast=$(awk -v a="$CURL_DL_SECS" -v b="$CURL_OPENSSL_SHA_SECS" 'BEGIN { printf "%.2f", a + b }')
    printf '%-34s %9s %9s %12s\n' "curl + openssl sha256 (SHA-NI)" "$curl_fast" "$(mbps "$curl_fast")" \
      "$(ratio "$(mbps "${OURS_SECS[${SEEDER_COUNTS[0]}]:-}")" "$(mbps "$curl_fast")")"
  fi
else
  echo "curl reference: skipped (see notes above)"
fi
for n in "${SEEDER_COUNTS[@]}"; do
  if [[ -n "${ARIA_SECS[$n]:-}" ]]; then
    printf '%-34s %9s %9s\n' "aria2c -s$n -x$n + sha256sum, $n nginx" "${ARIA_SECS[$n]}" "$(mbps "${ARIA_SECS[$n]}")"
  fi
done
for n in "${SEEDER_COUNTS[@]}"; do
  if [[ -n "${OURS_ALL[$n]:-}" ]]; then
    # shellcheck disable=SC2086
    echo "p2pshare, $n seeder(s), $RUNS run(s): seconds${OURS_ALL[$n]}; leecher CPU s${CPU_ALL[$n]} (median $(median ${CPU_ALL[$n]}) s, $(awk -v c="$(median ${CPU_ALL[$n]})" -v m="$SIZE_MIB" 'BEGIN { printf "%.2f", c / (m / 1024) }') s per GiB); publish tail ms${TAIL_ALL[$n]}"
  fi
done
echo "(p2pshare: POST to state completed, every chunk's SHA-256 checked; curl/aria2c: download + sha256sum)"
for n in "${SEEDER_COUNTS[@]}"; do [[ -n "${OURS_SECS[$n]:-}" ]] || exit 1; done
