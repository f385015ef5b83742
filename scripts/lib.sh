# Functions shared by demo.sh, bench.sh and bench-tracker.sh (sourced, not run). They expect ROOT and HOST to be
# set and the sourcing script to define fail MESSAGE.

# The jars scripts/build.sh makes.
TRACKER_JAR="$ROOT/tracker-verticle/target/tracker.jar"
PEER_JAR="$ROOT/web-dashboard/target/peer-node.jar"

# stop_pids PID...: SIGTERM, up to 10 s for the JVMs' shutdown hooks, then SIGKILL for what is left.
stop_pids() {
  local pid i alive
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for ((i = 0; i < 100; i++)); do
    alive=false
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=true; done
    $alive || break
    sleep 0.1
  done
  for pid in "$@"; do
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}

# port_free PORT: true when nothing listens on HOST:PORT (a connection that succeeds means someone does).
port_free() {
  ! (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

# next_free_port FROM: the first free port at or after FROM.
next_free_port() {
  local port=$1
  while ! port_free "$port"; do
    port=$((port + 1))
    ((port < 65536)) || fail "no free port at or after $1"
  done
  echo "$port"
}

# json_string FIELD JSON: the first string value of FIELD (the API answers compact JSON without escapes here).
json_string() {
  sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" <<<"$2" | head -n 1
}

# json_number FIELD JSON: the first number value of FIELD.
json_number() {
  sed -n "s/.*\"$1\":\\([0-9][0-9]*\\).*/\\1/p" <<<"$2" | head -n 1
}

# hot_methods JFR-FILE [TOP]: the most frequent top frames and first p2pshare frames of the CPU samples.
hot_methods() {
  local top=${2:-12}
  jfr print --events jdk.ExecutionSample "$1" | awk -v top="$top" '
    /stackTrace = \[/ { inside = 1; first = ""; own = ""; n++; next }
    inside && /^[[:space:]]*\]/ { inside = 0; tops[first]++; if (own != "") owns[own]++; next }
    inside { f = $0; sub(/^[[:space:]]+/, "", f); sub(/[[:space:]]+line:.*/, "", f); sub(/\(.*/, "", f);
             if (first == "") first = f; if (own == "" && f ~ /^p2pshare\./) own = f }
    END {
      sorter = "sort -rn | head -n " top
      printf "  %d CPU samples\n  top frames:\n", n
      for (k in tops) printf "%6.1f%%  %s\n", 100 * tops[k] / n, k | sorter
      close(sorter)
      printf "  first p2pshare frame on the stack:\n"
      for (k in owns) printf "%6.1f%%  %s\n", 100 * owns[k] / n, k | sorter
      close(sorter)
    }'
}

# tail_logs LINES DIR PATTERN...: prints the last LINES lines of each file under DIR that a PATTERN matches (to
# stderr, each under its path relative to DIR), for a script that failed and wants to say why.
tail_logs() {
  local lines="$1" dir="$2" pattern log
  shift 2
  for pattern in "$@"; do
    for log in "$dir"/$pattern; do
      [[ -f "$log" ]] || continue
      echo "--- last lines of ${log#"$dir"/}" >&2
      tail -n "$lines" "$log" >&2
    done
  done
}
