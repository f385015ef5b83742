#!/usr/bin/env bash
# A whole swarm on this machine: one tracker, three seeders and one leecher, in a temporary workspace.
# The seeders all share big.bin (so its download is multi-source) plus a few small files of their own.
#
# Usage: scripts/demo.sh [--selftest] [--rebuild]
#   --selftest  download big.bin through the leecher, check its SHA-256, print "demo selftest passed", exit
#   --rebuild   build the jars even if they exist (otherwise only when missing)
# Environment:
#   DEMO_TRACKER_PORT  first tracker port to try (6881)
#   DEMO_HTTP_PORT     first dashboard port to try (8081); the four nodes take the next free ones
#   DEMO_BIG_MIB       size of big.bin in MiB (64)
#   DEMO_TIMEOUT       seconds to wait for the nodes to come up (90)
#   DEMO_DOWNLOAD_TIMEOUT  seconds to wait for the selftest download (120)
#   DEMO_KEEP          set to 1 to keep the workspace (configs, logs, files) after exit
#   DEMO_OPEN          set to 1 for an open network; by default the demo makes its own network keys
#                      (scripts/network-keys.sh) and every connection is mutual TLS
#   DEMO_CLUSTER       set to 1 for two clustered tracker nodes, as scripts/cluster-demo.sh does: peer-1 and
#                      peer-2 use node A, peer-3 and the leecher node B, and every peer knows both
#   JAVA_OPTS          JVM options for every node (default: a small heap, five JVMs share the machine)
# Ctrl-C or SIGTERM stops every process and removes the workspace.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"
HOST=127.0.0.1
BIG_MIB="${DEMO_BIG_MIB:-64}"
TIMEOUT="${DEMO_TIMEOUT:-90}"
DOWNLOAD_TIMEOUT="${DEMO_DOWNLOAD_TIMEOUT:-120}"
SEEDERS=(peer-1 peer-2 peer-3)
LEECHER=leecher
export JAVA_OPTS="${JAVA_OPTS:--Xms32m -Xmx384m -XX:+UseSerialGC}"
CLUSTER="${DEMO_CLUSTER:-0}"
OPEN="${DEMO_OPEN:-0}"

selftest=false
rebuild=false
for arg in "$@"; do
  case "$arg" in
    --selftest) selftest=true ;;
    --rebuild) rebuild=true ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "demo: unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

# --- processes and cleanup -------------------------------------------------------------------------------------

WORK=""
PIDS=()
NAMES=()

stop_all() {
  stop_pids ${PIDS[@]+"${PIDS[@]}"}
  PIDS=()
}

cleanup() {
  trap - EXIT INT TERM
  stop_all
  if [[ -n "$WORK" && -d "$WORK" ]]; then
    if [[ "${DEMO_KEEP:-0}" == 1 ]]; then
      echo "demo: workspace kept in $WORK"
    else
      rm -rf "$WORK"
    fi
  fi
}
trap cleanup EXIT
trap 'echo; echo "demo: stopping"; exit 130' INT
trap 'exit 143' TERM

fail() {
  echo "demo: $*" >&2
  if [[ -n "$WORK" ]]; then tail_logs 15 "$WORK" 'logs/*.log'; fi
  exit 1
}

# start NAME SCRIPT CONF [ARGS...]: runs a node in the background, in its own directory, with its log in the
# workspace.
start() {
  local name=$1 script=$2 conf=$3
  shift 3
  (cd "$WORK/$name" && exec "$ROOT/scripts/$script" "$@" -conf "$conf") >"$WORK/logs/$name.log" 2>&1 &
  PIDS+=("$!")
  NAMES+=("$name")
}

# check_alive NAME PID: fails with the node's log if its process has exited.
check_alive() {
  kill -0 "$2" 2>/dev/null || fail "$1 exited during start-up"
}

# --- small helpers ---------------------------------------------------------------------------------------------


# --- build -----------------------------------------------------------------------------------------------------

if $rebuild || [[ ! -f "$TRACKER_JAR" || ! -f "$PEER_JAR" ]]; then
  echo "demo: building the jars"
  "$ROOT/scripts/build.sh" || fail "build failed"
fi

# --- workspace: files and configs ------------------------------------------------------------------------------

WORK="$(mktemp -d "${TMPDIR:-/tmp}/p2pshare-demo.XXXXXX")"
mkdir -p "$WORK/logs" "$WORK/tracker" "$WORK/tracker-b"
echo "demo: workspace $WORK"

echo "demo: writing big.bin ($BIG_MIB MiB) and small files"
head -c "$((BIG_MIB * 1024 * 1024))" /dev/urandom >"$WORK/big.bin"
for name in "${SEEDERS[@]}" "$LEECHER"; do
  mkdir -p "$WORK/$name/share" "$WORK/$name/downloads"
done
for i in "${!SEEDERS[@]}"; do
  name=${SEEDERS[$i]}
  cp "$WORK/big.bin" "$WORK/$name/share/big.bin"
  printf 'Notes kept by %s.\nEvery peer has its own.\n' "$name" >"$WORK/$name/share/notes-$name.txt"
  head -c "$(((i + 1) * 100 * 1024))" /dev/urandom >"$WORK/$name/share/photo-$((i + 1)).jpg"
  head -c "$(((i + 1) * 3 * 1024 * 1024 + 12345))" /dev/urandom >"$WORK/$name/share/album-$((i + 1)).zip"
done

# A private network of its own: a CA, a certificate for each tracker and node (README, "Private network in five
# minutes"). tls_json NAME: NAME's "tls" settings, or nothing in an open network.
KEYS="$WORK/keys"
if [[ "$OPEN" != 1 ]]; then
  echo "demo: making the network's keys in $KEYS (mutual TLS on every connection)"
  "$ROOT/scripts/network-keys.sh" init "$KEYS" >/dev/null || fail "cannot make the network's CA"
  for member in tracker tracker-b; do
    "$ROOT/scripts/network-keys.sh" tracker "$KEYS" "$member" >/dev/null || fail "cannot make $member's keys"
  done
  for name in "${SEEDERS[@]}" "$LEECHER"; do
    "$ROOT/scripts/network-keys.sh" node "$KEYS" "$name" >/dev/null || fail "cannot make $name's keys"
  done
fi
tls_json() {
  [[ "$OPEN" != 1 ]] || return 0
  printf ', "tls": {"cert": "%s/%s.crt", "key": "%s/%s.key", "ca": "%s/ca.crt", "revoked": "%s/revoked.txt"}' \
    "$KEYS" "$1" "$KEYS" "$1" "$KEYS" "$KEYS"
}

tracker_port=$(next_free_port "${DEMO_TRACKER_PORT:-6881}")
tracker_http_port=$(next_free_port $((tracker_port + 1)))
cat >"$WORK/tracker/tracker.json" <<JSON
{"host": "$HOST", "port": $tracker_port, "peerTimeoutSeconds": 15, "httpPort": $tracker_http_port$(tls_json tracker)}
JSON
TRACKERS_A="[{\"host\": \"$HOST\", \"port\": $tracker_port}]"
TRACKERS_B="$TRACKERS_A"
if [[ "$CLUSTER" == 1 ]]; then
  tracker_b_port=$(next_free_port $((tracker_http_port + 1)))
  tracker_b_http_port=$(next_free_port $((tracker_b_port + 1)))
  cat >"$WORK/tracker-b/tracker.json" <<JSON
{"host": "$HOST", "port": $tracker_b_port, "peerTimeoutSeconds": 15, "httpPort": $tracker_b_http_port$(tls_json tracker-b)}
JSON
  # conf/cluster.xml with a cluster of its own, so the demo never joins another cluster on this machine.
  hazelcast_port=$(next_free_port 5701)
  sed -e "s|<cluster-name>p2pshare-trackers</cluster-name>|<cluster-name>p2pshare-demo-$$</cluster-name>|" \
    -e "s|port-count=\"10\">5701</port>|port-count=\"2\">$hazelcast_port</port>|" \
    "$ROOT/conf/cluster.xml" >"$WORK/cluster.xml"
  a="{\"host\": \"$HOST\", \"port\": $tracker_port}"
  b="{\"host\": \"$HOST\", \"port\": $tracker_b_port}"
  TRACKERS_A="[$a, $b]"
  TRACKERS_B="[$b, $a]"
fi

declare -A HTTP_PORT TOKEN
first_http_port="${DEMO_HTTP_PORT:-8081}"
[[ "$first_http_port" =~ ^[0-9]+$ ]] || fail "DEMO_HTTP_PORT must be a port number"
port=$((first_http_port - 1))
for name in "${SEEDERS[@]}" "$LEECHER"; do
  port=$(next_free_port $((port + 1)))
  while [[ " $tracker_port $tracker_http_port ${tracker_b_port:-} ${tracker_b_http_port:-} " == *" $port "* ]]; do
    port=$(next_free_port $((port + 1)))
  done
  HTTP_PORT[$name]=$port
  TOKEN[$name]=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
  trackers=$TRACKERS_A
  [[ "$name" != peer-3 && "$name" != "$LEECHER" ]] || trackers=$TRACKERS_B
  cat >"$WORK/$name/peer.json" <<JSON
{
  "name": "$name",
  "host": "$HOST",
  "port": 0,
  "shareDir": "$WORK/$name/share",
  "downloadDir": "$WORK/$name/downloads",
  "trackers": $trackers,
  "heartbeatSeconds": 5,
  "http": {"host": "$HOST", "port": $port, "token": "${TOKEN[$name]}"}$(tls_json "$name")
}
JSON
done

api() {
  echo "http://$HOST:${HTTP_PORT[$1]}/api"
}

# api_curl NAME CURL-ARGS...: curl with NAME's token.
api_curl() {
  local name=$1
  shift
  curl -H "Authorization: Bearer ${TOKEN[$name]}" "$@"
}

login_url() {
  echo "http://$HOST:${HTTP_PORT[$1]}/?token=${TOKEN[$1]}"
}

# --- start and wait --------------------------------------------------------------------------------------------

deadline=$((SECONDS + TIMEOUT))
if [[ "$CLUSTER" == 1 ]]; then
  echo "demo: starting tracker nodes A on $HOST:$tracker_port and B on $HOST:$tracker_b_port, in one cluster"
  JAVA_OPTS="$JAVA_OPTS -Dvertx.hazelcast.config=$WORK/cluster.xml" start tracker tracker.sh \
    "$WORK/tracker/tracker.json" -cluster
  JAVA_OPTS="$JAVA_OPTS -Dvertx.hazelcast.config=$WORK/cluster.xml" start tracker-b tracker.sh \
    "$WORK/tracker-b/tracker.json" -cluster
  until ! port_free "$tracker_port" && ! port_free "$tracker_b_port"; do
    check_alive tracker "${PIDS[0]}"
    check_alive tracker-b "${PIDS[1]}"
    ((SECONDS < deadline)) || fail "the tracker nodes did not listen within ${TIMEOUT}s"
    sleep 0.5
  done
else
  echo "demo: starting the tracker on $HOST:$tracker_port"
  start tracker tracker.sh "$WORK/tracker/tracker.json"
  until ! port_free "$tracker_port"; do
    check_alive tracker "${PIDS[0]}"
    ((SECONDS < deadline)) || fail "the tracker did not listen on $HOST:$tracker_port within ${TIMEOUT}s"
    sleep 0.5
  done
fi

for name in "${SEEDERS[@]}" "$LEECHER"; do
  echo "demo: starting $name (dashboard on port ${HTTP_PORT[$name]})"
  start "$name" peer.sh "$WORK/$name/peer.json"
done

for i in "${!NAMES[@]}"; do
  name=${NAMES[$i]}
  [[ "$name" != tracker* ]] || continue
  until api_curl "$name" -fsS -o /dev/null --max-time 2 "$(api "$name")/node" 2>/dev/null; do
    check_alive "$name" "${PIDS[$i]}"
    ((SECONDS < deadline)) || fail "$name's API did not answer at $(api "$name")/node within ${TIMEOUT}s"
    sleep 0.5
  done
done

# The download is only multi-source once every seeder has announced big.bin to the tracker.
echo "demo: waiting until the leecher sees big.bin on ${#SEEDERS[@]} seeders"
while :; do
  files=$(api_curl "$LEECHER" -fsS --max-time 2 "$(api "$LEECHER")/files?q=big.bin" 2>/dev/null || true)
  sources=$(json_number sources "$files")
  ((${sources:-0} < ${#SEEDERS[@]})) || break
  ((SECONDS < deadline)) || fail "the leecher did not see big.bin on ${#SEEDERS[@]} seeders within ${TIMEOUT}s"
  sleep 0.5
done

# --- selftest --------------------------------------------------------------------------------------------------

if $selftest; then
  echo "demo: selftest: downloading big.bin through the leecher"
  reply=$(api_curl "$LEECHER" -fsS --max-time 10 -X POST -H 'Content-Type: application/json' -d '{"name":"big.bin"}' \
    "$(api "$LEECHER")/downloads") || fail "starting the download failed"
  id=$(json_string id "$reply")
  [[ -n "$id" ]] || fail "the download reply has no id: $reply"
  deadline=$((SECONDS + DOWNLOAD_TIMEOUT))
  while :; do
    download=$(api_curl "$LEECHER" -fsS --max-time 10 "$(api "$LEECHER")/downloads/$id") || fail "reading download $id failed"
    state=$(json_string state "$download")
    case "$state" in
      completed) break ;;
      failed | cancelled) fail "the download ended $state: $download" ;;
    esac
    ((SECONDS < deadline)) || fail "the download did not complete within ${DOWNLOAD_TIMEOUT}s: $download"
    sleep 1
  done
  path=$(json_string path "$download")
  [[ -n "$path" ]] || path="$WORK/$LEECHER/downloads/big.bin"
  [[ "$path" == /* ]] || path="$WORK/$LEECHER/$path"
  [[ -f "$path" ]] || fail "the downloaded file is not at $path"
  expected=$(sha256sum <"$WORK/big.bin" | cut -d' ' -f1)
  actual=$(sha256sum <"$path" | cut -d' ' -f1)
  [[ "$expected" == "$actual" ]] || fail "SHA-256 differs: expected $expected, downloaded $actual"
  node=$(api_curl "$LEECHER" -fsS --max-time 10 "$(api "$LEECHER")/node")
  if [[ "$OPEN" != 1 ]]; then
    [[ "$node" == *'"tls":{"enabled":true'* ]] || fail "the leecher is not in a private network: $node"
    echo "demo: every connection was mutual TLS, each member known by its certificate"
  fi
  if [[ "$CLUSTER" == 1 ]]; then
    [[ "$(json_string tracker "$node")" == "$HOST:$tracker_b_port" ]] || fail "the leecher is not on node B: $node"
    echo "demo: the leecher (on node B) downloaded big.bin from peer-1 and peer-2 (on node A) and peer-3 (on B)"
  fi
  echo "demo selftest passed"
  exit 0
fi

# --- interactive -----------------------------------------------------------------------------------------------

auth="-H 'Authorization: Bearer ${TOKEN[$LEECHER]}'"
echo
if [[ "$CLUSTER" == 1 ]]; then
  echo "The swarm is up. Tracker node A on $HOST:$tracker_port (health: http://$HOST:$tracker_http_port/health),"
  echo "node B on $HOST:$tracker_b_port (health: http://$HOST:$tracker_b_http_port/health), in one cluster."
  echo "peer-1 and peer-2 use node A; peer-3 and the leecher use node B; each knows both."
  echo "Stop node A (kill the java process listening on $tracker_port) and watch its peers move to B."
else
  echo "The swarm is up. Tracker on $HOST:$tracker_port (metrics: http://$HOST:$tracker_http_port/metrics)."
fi
echo "Open a dashboard in your browser:"
for name in "${SEEDERS[@]}" "$LEECHER"; do
  printf '  %-8s %s\n' "$name" "$(login_url "$name")"
done
echo
echo "In the leecher's dashboard, search for big.bin and click Download: it comes from all three seeders."
echo "Or with the API:"
echo "  curl $auth -X POST -H 'Content-Type: application/json' -d '{\"name\":\"big.bin\"}' $(api "$LEECHER")/downloads"
echo "  curl $auth $(api "$LEECHER")/downloads"
echo "  curl $auth '$(api "$LEECHER")/files?q='"
echo
echo "Logs are in $WORK/logs. Press Ctrl-C to stop everything."

# Returns when any node exits; the traps handle Ctrl-C and SIGTERM.
set +e
wait -n "${PIDS[@]}"
set -e
fail "a node exited"
