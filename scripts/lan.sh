#!/usr/bin/env bash
# An emulated network on this machine: each host a network namespace, joined to a switch (a bridge in a namespace of
# its own), so the machine's own interfaces and routes are untouched. Needs root, and ip and tc (iproute2) and nft
# (nftables).
#
# Usage:
#   scripts/lan.sh [run] [OPTIONS]                builds a network, starts a tracker, seeders and leechers on it
#                                                 (scripts/tracker.sh, scripts/peer.sh), prints each host's address
#                                                 and dashboard URL; Ctrl-C stops and removes everything
#   scripts/lan.sh up --state DIR [OPTIONS]       builds a network only, described in DIR (hosts.tsv), and returns
#   scripts/lan.sh exec --state DIR HOST CMD...   runs CMD in HOST (its stdin, stdout and exit code are CMD's)
#   scripts/lan.sh shape --state DIR HOST UP DOWN sets HOST's rates (tc tbf, e.g. 40mbit 400mbit; "none" removes)
#   scripts/lan.sh hosts --state DIR              prints the hosts: name, kind, IPv4, IPv6, management address
#   scripts/lan.sh down --state DIR               stops every process in the network's hosts and removes it
#   scripts/lan.sh check                          says whether this machine can build a network (exit 0), or what
#                                                 is missing (exit 3)
#
# Options of run and up:
#   --ipv6           hosts also get fd77::/64 addresses, and the tracker and peers use them
#   --ipv6-only      hosts get fd77::/64 addresses only, no IPv4 on the LAN (the management path stays IPv4)
#   --up RATE        every host's uplink rate (tc tbf: 40mbit, 2mbit, 800kbit, ...; with run every peer's, not the
#                    tracker's); none by default
#   --down RATE      every host's downlink rate, likewise; none by default
#   --nat-random     NAT routers map ports at random (nftables "masquerade fully-random")
# Options of run only:
#   --seeders N      seeder hosts, each sharing the same file (2)
#   --leechers N     leecher hosts (1)
#   --nat K          the last K peers (leechers first) each sit behind a NAT router of their own (0)
#   --file-mib N     size of the shared file, random bytes, in MiB (16)
#   --work DIR       work directory (configs, shareDir and downloadDir per host, logs); a new one in $TMPDIR by
#                    default, removed on exit unless --keep
#   --keep           keep the work directory on exit
#   --selftest       download the file through leecher-1, check its SHA-256 and its sources, and exit
#   --timeout S      seconds to wait for the nodes to come up and for the selftest download (120)
# Options of up only:
#   --host NAME      a host on the LAN (repeatable; names of lower-case letters, digits and dashes)
#   --nat-host NAME  a host behind a NAT router of its own (repeatable)
#   --mgmt-ports P   TCP ports the management path lets in, comma-separated (8080,6882)
#
# Addresses. The LAN is 10.77.0.0/16: the first host (the tracker's, with run) is 10.77.0.10, the next 10.77.0.11,
# .12, ... (fd77::10, fd77::11, ... with --ipv6); NAT router K's outside address is 10.77.1.K, its inside 192.168.K.1/24 and its host
# 192.168.K.2. Each router forwards from inside to outside with masquerade and lets in only replies, as a home
# router without port forwards does.
#
# Management path. Each host (not the routers) has a second link, "mgmt", to this machine's own namespace on a /30
# of its own in 10.78.X.0/24 (X is the first block no interface here uses). The dashboards and the tracker's /health
# listen on it, so a browser or curl on this machine reaches them. It cannot carry peer traffic: a host has no route
# over it but the /30 itself, the machine does not forward between those links unless configured to, and each host's
# firewall lets in only new connections to the management ports on it and lets out only their replies. A host behind
# NAT therefore has no way around its router.
#
# Everything is named p2pl-RUN-... (RUN unique per network); down, Ctrl-C, an error or the end of run stop its
# processes and delete its namespaces, which takes their links, addresses, shaping and nft tables with them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOST=127.0.0.1
# shellcheck source=lib.sh
source "$ROOT/scripts/lib.sh"

LAN_PREFIX=10.77
MGMT_PREFIX=10.78
TRACKER_PORT=6881
TRACKER_HTTP_PORT=6882
PEER_HTTP_PORT=8080

fail() {
  echo "lan: $*" >&2
  exit 1
}

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

# --- requirements ----------------------------------------------------------------------------------------------

# missing_requirements: prints what this machine lacks to build a network, one line, or nothing.
missing_requirements() {
  local missing=()
  [[ "$(id -u)" -eq 0 ]] || missing+=("root (network namespaces need it: run as root or with sudo)")
  command -v ip >/dev/null || missing+=("ip (apt-get install iproute2)")
  command -v tc >/dev/null || missing+=("tc (apt-get install iproute2)")
  command -v nft >/dev/null || missing+=("nft (apt-get install nftables)")
  if ((${#missing[@]})); then
    local text
    text=$(printf '%s, ' "${missing[@]}")
    echo "missing: ${text%, }"
  fi
}

require() {
  local missing
  missing=$(missing_requirements)
  [[ -z "$missing" ]] || fail "cannot build an emulated network here: $missing"
}

# --- state -----------------------------------------------------------------------------------------------------
# DIR/lan.env: RUN, MGMT_NET, FAMILY (4, 46 or 6), NAT_RANDOM, MGMT_PORTS, and counters. DIR/hosts.tsv: one line per
# host: name, kind (lan or nat), IPv4 or -, IPv6 or -, management address, namespace, the namespace and device of the
# far end of its access link (where its downlink is shaped).

STATE=""
RUN=""
MGMT_NET=""
FAMILY=4
NAT_RANDOM=0
MGMT_PORTS="$PEER_HTTP_PORT,$TRACKER_HTTP_PORT"
HOSTS_MADE=0
ROUTERS_MADE=0

save_env() {
  cat >"$STATE/lan.env" <<ENV
RUN=$RUN
MGMT_NET=$MGMT_NET
FAMILY=$FAMILY
NAT_RANDOM=$NAT_RANDOM
MGMT_PORTS=$MGMT_PORTS
HOSTS_MADE=$HOSTS_MADE
ROUTERS_MADE=$ROUTERS_MADE
ENV
}

load_env() {
  [[ -f "$STATE/lan.env" ]] || fail "no network recorded in $STATE (lan.env is missing)"
  # shellcheck source=/dev/null
  source "$STATE/lan.env"
}

ns_name() {
  echo "p2pl-$RUN-$1"
}

# host_field NAME COLUMN: one column of NAME's line in hosts.tsv.
host_field() {
  local line
  line=$(awk -F'\t' -v n="$1" '$1 == n' "$STATE/hosts.tsv" 2>/dev/null)
  [[ -n "$line" ]] || fail "no host $1 in this network"
  cut -f "$2" <<<"$line"
}

# --- building --------------------------------------------------------------------------------------------------

nsx() {
  ip netns exec "$@"
}

new_namespace() {
  ip netns add "$1"
  ip -n "$1" link set lo up
}

# pick_run: a run name no namespace here uses yet.
pick_run() {
  RUN=$(printf '%x' $$)
  while ip netns list | grep -q "^p2pl-$RUN-"; do
    RUN=$(printf '%x' $((RANDOM * 32768 + RANDOM)))
  done
}

# pick_mgmt_net: the first 10.78.X.0/24 no address or route of this machine's namespace touches.
pick_mgmt_net() {
  local x used
  used=$( (ip -4 -o addr show; ip -4 route show) | grep -o "$MGMT_PREFIX\.[0-9]*\." | sort -u || true)
  for ((x = 1; x < 255; x++)); do
    if ! grep -qx "$MGMT_PREFIX\.$x\." <<<"$used"; then
      MGMT_NET="$MGMT_PREFIX.$x"
      return
    fi
  done
  fail "no free management block in $MGMT_PREFIX.0.0/16"
}

create_switch() {
  local sw
  sw=$(ns_name lan)
  new_namespace "$sw"
  ip -n "$sw" link add br0 type bridge
  ip -n "$sw" link set br0 up
}


# add_mgmt NS INDEX: prints the host's management address, after making its link to this machine's namespace and
# the firewall that keeps that link for management: new connections in to MGMT_PORTS, their replies out, no more.
add_mgmt() {
  local ns=$1 j=$2 outside inside link="p2pl-$RUN-$2"
  ((j < 63)) || fail "too many hosts (at most 63: one /30 each in $MGMT_NET.0/24)"
  outside="$MGMT_NET.$((4 * j + 1))"
  inside="$MGMT_NET.$((4 * j + 2))"
  ip link add "$link" type veth peer name mgmt netns "$ns"
  ip addr add "$outside/30" dev "$link"
  ip link set "$link" up
  nsx "$ns" sysctl -qw net.ipv6.conf.mgmt.disable_ipv6=1
  ip -n "$ns" addr add "$inside/30" dev mgmt
  ip -n "$ns" link set mgmt up
  nsx "$ns" nft -f - <<NFT
table inet p2pl_mgmt {
  chain input {
    type filter hook input priority 0; policy accept;
    iifname "mgmt" tcp dport { $MGMT_PORTS } ct state new accept
    iifname "mgmt" ct state established accept
    iifname "mgmt" drop
  }
  chain output {
    type filter hook output priority 0; policy accept;
    oifname "mgmt" ct state established accept
    oifname "mgmt" drop
  }
}
NFT
  echo "$inside"
}

# lan_addresses INDEX: the IPv4 and IPv6 addresses of the host with this index on the LAN ("-" for a family it does
# not have). 10.77.0.11 and fd77::11 end alike, to be read together.
lan_addresses() {
  local n=$((10 + $1)) v4=- v6=-
  ((n < 255)) || fail "too many hosts (at most 244)"
  [[ "$FAMILY" == 6 ]] || v4="$LAN_PREFIX.0.$n"
  [[ "$FAMILY" == 4 ]] || v6="fd77::$n"
  echo "$v4 $v6"
}

# valid_name NAME: host names become namespace names and file names.
valid_name() {
  [[ "$1" =~ ^[a-z0-9][a-z0-9-]{0,30}$ && "$1" != lan && "$1" != gw-* ]] ||
    fail "bad host name '$1': lower-case letters, digits and dashes, not 'lan' nor gw-..."
  ! grep -q "^$1	" "$STATE/hosts.tsv" 2>/dev/null || fail "host $1 twice"
}

# add_lan_host NAME: a host on the switch.
add_lan_host() {
  local name=$1 ns sw port v4 v6 mgmt
  valid_name "$name"
  ns=$(ns_name "$name")
  sw=$(ns_name lan)
  port="h$HOSTS_MADE"
  read -r v4 v6 <<<"$(lan_addresses "$HOSTS_MADE")"
  new_namespace "$ns"
  ip -n "$ns" link add eth0 type veth peer name "$port" netns "$sw"
  ip -n "$sw" link set "$port" master br0 up
  [[ "$v4" == - ]] || ip -n "$ns" addr add "$v4/16" dev eth0
  [[ "$v6" == - ]] || ip -n "$ns" addr add "$v6/64" dev eth0 nodad
  ip -n "$ns" link set eth0 up
  mgmt=$(add_mgmt "$ns" "$HOSTS_MADE")
  printf '%s\tlan\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$v4" "$v6" "$mgmt" "$ns" "$sw" "$port" >>"$STATE/hosts.tsv"
  HOSTS_MADE=$((HOSTS_MADE + 1))
  save_env
}

# add_nat_host NAME: a host behind a NAT router of its own (IPv4 only: there is no NAT66 here).
add_nat_host() {
  local name=$1 ns sw gw k mgmt masquerade=masquerade
  valid_name "$name"
  [[ "$FAMILY" != 6 ]] || fail "hosts behind NAT need IPv4: not with --ipv6-only"
  ROUTERS_MADE=$((ROUTERS_MADE + 1))
  k=$ROUTERS_MADE
  ((k < 255)) || fail "too many NAT routers (at most 254)"
  ns=$(ns_name "$name")
  sw=$(ns_name lan)
  gw=$(ns_name "gw-$k")
  [[ "$NAT_RANDOM" != 1 ]] || masquerade="masquerade fully-random"
  new_namespace "$gw"
  ip -n "$gw" link add wan type veth peer name "r$k" netns "$sw"
  ip -n "$sw" link set "r$k" master br0 up
  ip -n "$gw" addr add "$LAN_PREFIX.1.$k/16" dev wan
  ip -n "$gw" link set wan up
  new_namespace "$ns"
  ip -n "$ns" link add eth0 type veth peer name lan0 netns "$gw"
  ip -n "$gw" addr add "192.168.$k.1/24" dev lan0
  ip -n "$gw" link set lan0 up
  ip -n "$ns" addr add "192.168.$k.2/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route add default via "192.168.$k.1"
  nsx "$gw" sysctl -qw net.ipv4.ip_forward=1
  nsx "$gw" nft -f - <<NFT
table ip p2pl_nat {
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "wan" $masquerade
  }
  chain forward {
    type filter hook forward priority 0; policy drop;
    iifname "lan0" oifname "wan" accept
    iifname "wan" oifname "lan0" ct state established,related accept
  }
}
NFT
  mgmt=$(add_mgmt "$ns" "$HOSTS_MADE")
  printf '%s\tnat\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "192.168.$k.2" - "$mgmt" "$ns" "$gw" lan0 >>"$STATE/hosts.tsv"
  HOSTS_MADE=$((HOSTS_MADE + 1))
  save_env
}

# tbf_args RATE: a token bucket for RATE whose burst holds about 10 ms of it (at least 16 KiB, so that one
# full-size packet and some always fit).
tbf_args() {
  local rate=$1 number unit bits
  [[ "$rate" =~ ^([0-9]+)(bit|kbit|mbit|gbit)$ ]] || fail "bad rate '$rate': a number and bit, kbit, mbit or gbit"
  number=${BASH_REMATCH[1]}
  unit=${BASH_REMATCH[2]}
  case "$unit" in
    bit) bits=$number ;;
    kbit) bits=$((number * 1000)) ;;
    mbit) bits=$((number * 1000 * 1000)) ;;
    gbit) bits=$((number * 1000 * 1000 * 1000)) ;;
  esac
  ((bits > 0)) || fail "bad rate '$rate'"
  local burst=$((bits / 8 / 100))
  ((burst >= 16384)) || burst=16384
  echo "rate $rate burst $burst latency 100ms"
}

# shape_host NAME UP DOWN: UP on the host's side of its access link, DOWN on the far side ("none": unshaped).
shape_host() {
  local name=$1 up=$2 down=$3 ns far_ns far_dev
  ns=$(host_field "$name" 6)
  far_ns=$(host_field "$name" 7)
  far_dev=$(host_field "$name" 8)
  shape_device "$ns" eth0 "$up"
  shape_device "$far_ns" "$far_dev" "$down"
}

shape_device() {
  local ns=$1 dev=$2 rate=$3
  if [[ -z "$rate" || "$rate" == none ]]; then
    tc -n "$ns" qdisc del dev "$dev" root 2>/dev/null || true
  else
    # shellcheck disable=SC2046 # tbf_args gives several words on purpose
    tc -n "$ns" qdisc replace dev "$dev" root tbf $(tbf_args "$rate")
  fi
}

# --- taking down -----------------------------------------------------------------------------------------------

# namespaces_of_run: this run's namespaces, hosts before routers and the switch.
namespaces_of_run() {
  ip netns list 2>/dev/null | awk '{ print $1 }' | grep "^p2pl-$RUN-" || true
}

# take_down: SIGTERM to every process in the run's namespaces, up to 10 s for them to end, SIGKILL for the rest;
# then the namespaces go, with their links (the management links' ends here too), addresses, qdiscs and nft tables.
take_down() {
  [[ -n "$RUN" ]] || return 0
  local namespaces pids=() ns pid i
  namespaces=$(namespaces_of_run)
  for ns in $namespaces; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do pids+=("$pid"); done
  done
  if ((${#pids[@]})); then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      local alive=false
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=true; done
      $alive || break
      sleep 0.1
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
  fi
  for ns in $namespaces; do
    ip netns del "$ns" 2>/dev/null || true
  done
  # A management link whose namespace was lost some other way still has its end here.
  for link in $(ip -o link show 2>/dev/null | awk -F': ' '{ print $2 }' | cut -d@ -f1 | grep "^p2pl-$RUN-" || true); do
    ip link del "$link" 2>/dev/null || true
  done
}

# --- building a network from options ---------------------------------------------------------------------------

# begin_network: a fresh run in STATE, torn down again if anything fails before the network is whole.
begin_network() {
  mkdir -p "$STATE"
  rm -f "$STATE/hosts.tsv"
  : >"$STATE/hosts.tsv"
  # One network at a time picks its names and management block, so that two starting together do not collide.
  exec 9>/run/p2pl.lock
  flock -w 30 9 || fail "another network is being built (lock /run/p2pl.lock)"
  pick_run
  pick_mgmt_net
  save_env
  create_switch
}

end_network() {
  flock -u 9
  exec 9>&-
}

# print_hosts: the hosts table, for people.
print_hosts() {
  printf '%-12s %-5s %-15s %-14s %s\n' HOST KIND IPV4 IPV6 MANAGEMENT
  awk -F'\t' '{ printf "%-12s %-5s %-15s %-14s %s\n", $1, $2, $3, $4, $5 }' "$STATE/hosts.tsv"
}

# --- run: the project on an emulated network -------------------------------------------------------------------

WORK=""
KEEP=0
PIDS=()

run_cleanup() {
  trap - EXIT INT TERM
  stop_pids ${PIDS[@]+"${PIDS[@]}"}
  take_down
  if [[ -n "$WORK" && -d "$WORK" ]]; then
    if [[ "$KEEP" == 1 ]]; then
      echo "lan: work directory kept in $WORK"
    else
      rm -rf "$WORK"
    fi
  fi
}

run_fail() {
  echo "lan: $*" >&2
  if [[ -n "$WORK" ]]; then tail_logs 15 "$WORK" 'logs/*.log'; fi
  exit 1
}

# start_in NAME SCRIPT CONF: runs a node in host NAME, in its own directory, logging to logs/NAME.log.
start_in() {
  local name=$1 script=$2 conf=$3 ns
  ns=$(host_field "$name" 6)
  (cd "$WORK/$name" && exec ip netns exec "$ns" "$ROOT/scripts/$script" -conf "$conf") >"$WORK/logs/$name.log" 2>&1 &
  PIDS+=("$!")
}

# wait_for WHAT PID CMD...: repeats CMD every half second until it succeeds, the node exits, or the deadline.
wait_for() {
  local what=$1 pid=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || run_fail "$what exited during start-up"
    ((SECONDS < deadline)) || run_fail "$what did not come up within ${TIMEOUT}s"
    sleep 0.5
  done
}

declare -A TOKEN
api_curl() {
  local name=$1 path=$2
  shift 2
  curl -fsS --max-time 10 -H "Authorization: Bearer ${TOKEN[$name]}" "$@" \
    "http://$(host_field "$name" 5):$PEER_HTTP_PORT/api$path"
}

# peer_address NAME: the address the node listens on for peers; the tracker lists it at the address its
# connections come from (its router's for a host behind NAT).
peer_address() {
  if [[ "$(host_field "$1" 2)" == nat || "$FAMILY" == 4 ]]; then
    host_field "$1" 3
  else
    host_field "$1" 4
  fi
}

# listed_address NAME: where other peers find NAME: its own address, or its NAT router's outside address.
listed_address() {
  local inside
  if [[ "$(host_field "$1" 2)" == nat ]]; then
    inside=$(host_field "$1" 3)
    echo "$LAN_PREFIX.1.$(cut -d. -f3 <<<"$inside")"
  else
    peer_address "$1"
  fi
}

run_network() {
  require
  if [[ ! -f "$TRACKER_JAR" || ! -f "$PEER_JAR" ]]; then
    echo "lan: building the jars"
    "$ROOT/scripts/build.sh" || fail "build failed"
  fi
  export JAVA_OPTS="${JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC}"
  if [[ -n "$WORK" ]]; then
    mkdir -p "$WORK"
  else
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/p2pshare-lan.XXXXXX")"
  fi
  STATE="$WORK/lan"
  trap run_cleanup EXIT
  trap 'echo; echo "lan: stopping"; exit 130' INT
  trap 'exit 143' TERM

  local peers=() seeders=() leechers=() i name nat_from
  for ((i = 1; i <= SEEDERS; i++)); do seeders+=("seeder-$i"); done
  for ((i = 1; i <= LEECHERS; i++)); do leechers+=("leecher-$i"); done
  peers=(${seeders[@]+"${seeders[@]}"} ${leechers[@]+"${leechers[@]}"})
  ((NAT <= ${#peers[@]})) || fail "--nat $NAT: there are only ${#peers[@]} peers"
  nat_from=$((${#peers[@]} - NAT))

  begin_network
  add_lan_host tracker
  for i in "${!peers[@]}"; do
    if ((i < nat_from)); then add_lan_host "${peers[$i]}"; else add_nat_host "${peers[$i]}"; fi
    if [[ -n "$UP_RATE$DOWN_RATE" ]]; then shape_host "${peers[$i]}" "${UP_RATE:-none}" "${DOWN_RATE:-none}"; fi
  done
  end_network
  echo "lan: network p2pl-$RUN-* built, work directory $WORK"

  mkdir -p "$WORK/logs" "$WORK/tracker"
  local tracker_mgmt tracker_host listen=0.0.0.0
  tracker_mgmt=$(host_field tracker 5)
  tracker_host=$(peer_address tracker)
  [[ "$FAMILY" == 4 ]] || listen="::"
  cat >"$WORK/tracker/tracker.json" <<JSON
{"host": "$listen", "port": $TRACKER_PORT, "httpPort": $TRACKER_HTTP_PORT, "httpAllowedHosts": ["$tracker_mgmt"],
 "peerTimeoutSeconds": 15, "warmUp": false}
JSON
  echo "lan: writing shared.bin ($FILE_MIB MiB of random bytes) for ${#seeders[@]} seeders"
  head -c "$((FILE_MIB * 1024 * 1024))" /dev/urandom >"$WORK/shared.bin"
  for name in ${peers[@]+"${peers[@]}"}; do
    mkdir -p "$WORK/$name/share" "$WORK/$name/downloads"
    TOKEN[$name]=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
    local tracker_for=$tracker_host
    [[ "$(host_field "$name" 2)" != nat ]] || tracker_for=$(host_field tracker 3)
    cat >"$WORK/$name/peer.json" <<JSON
{
  "name": "$name",
  "host": "$(peer_address "$name")",
  "port": 0,
  "shareDir": "$WORK/$name/share",
  "downloadDir": "$WORK/$name/downloads",
  "trackers": [{"host": "$tracker_for", "port": $TRACKER_PORT}],
  "heartbeatSeconds": 5,
  "http": {"host": "$(host_field "$name" 5)", "port": $PEER_HTTP_PORT, "token": "${TOKEN[$name]}"}
}
JSON
  done
  for name in ${seeders[@]+"${seeders[@]}"}; do cp "$WORK/shared.bin" "$WORK/$name/share/shared.bin"; done

  deadline=$((SECONDS + TIMEOUT))
  echo "lan: starting the tracker on $tracker_host port $TRACKER_PORT"
  start_in tracker tracker.sh "$WORK/tracker/tracker.json"
  wait_for tracker "${PIDS[0]}" curl -fsS --max-time 2 "http://$tracker_mgmt:$TRACKER_HTTP_PORT/health"
  for name in ${peers[@]+"${peers[@]}"}; do
    echo "lan: starting $name on $(peer_address "$name")"
    start_in "$name" peer.sh "$WORK/$name/peer.json"
  done
  for i in "${!peers[@]}"; do
    name=${peers[$i]}
    wait_for "$name" "${PIDS[$((i + 1))]}" api_curl "$name" /node
  done
  if ((${#seeders[@]} && ${#leechers[@]})); then
    echo "lan: waiting until leecher-1 sees shared.bin on ${#seeders[@]} seeders"
    local files sources
    while :; do
      files=$(api_curl leecher-1 '/files?q=shared.bin' 2>/dev/null || true)
      sources=$(json_number sources "$files")
      ((${sources:-0} < ${#seeders[@]})) || break
      ((SECONDS < deadline)) || run_fail "leecher-1 did not see shared.bin on ${#seeders[@]} seeders within ${TIMEOUT}s"
      sleep 0.5
    done
  fi

  echo
  printf '%-10s %-5s %-15s %-14s %s\n' HOST KIND IPV4 IPV6 DASHBOARD
  printf '%-10s %-5s %-15s %-14s %s\n' tracker lan "$(host_field tracker 3)" "$(host_field tracker 4)" \
    "http://$tracker_mgmt:$TRACKER_HTTP_PORT/health (and /metrics)"
  for name in ${peers[@]+"${peers[@]}"}; do
    printf '%-10s %-5s %-15s %-14s %s\n' "$name" "$(host_field "$name" 2)" "$(host_field "$name" 3)" \
      "$(host_field "$name" 4)" "http://$(host_field "$name" 5):$PEER_HTTP_PORT/?token=${TOKEN[$name]}"
  done
  echo

  if $SELFTEST; then
    selftest "${seeders[@]}"
    exit 0
  fi
  echo "Run a command in a host:  $0 exec --state $STATE HOST CMD..."
  echo "Logs are in $WORK/logs. Press Ctrl-C to stop everything and remove the network."
  set +e
  wait -n "${PIDS[@]}"
  set -e
  run_fail "a node exited"
}

# selftest SEEDER...: leecher-1 downloads shared.bin; its bytes and its sources (the seeders' listed addresses)
# are checked.
selftest() {
  ((SEEDERS && LEECHERS)) || fail "--selftest needs a seeder and a leecher"
  echo "lan: selftest: leecher-1 downloads shared.bin"
  local reply id download state path expected actual sources seeder
  reply=$(api_curl leecher-1 /downloads -X POST -H 'Content-Type: application/json' -d '{"name":"shared.bin"}') ||
    run_fail "starting the download failed"
  id=$(json_string id "$reply")
  [[ -n "$id" ]] || run_fail "the download reply has no id: $reply"
  deadline=$((SECONDS + TIMEOUT))
  while :; do
    download=$(api_curl leecher-1 "/downloads/$id") || run_fail "reading download $id failed"
    state=$(json_string state "$download")
    case "$state" in
      completed) break ;;
      failed | cancelled) run_fail "the download ended $state: $download" ;;
    esac
    ((SECONDS < deadline)) || run_fail "the download did not complete within ${TIMEOUT}s: $download"
    sleep 0.5
  done
  path="$WORK/leecher-1/downloads/shared.bin"
  expected=$(sha256sum <"$WORK/shared.bin" | cut -d' ' -f1)
  actual=$(sha256sum <"$path" | cut -d' ' -f1)
  [[ "$expected" == "$actual" ]] || run_fail "SHA-256 differs: expected $expected, downloaded $actual"
  sources=$(grep -o '"host":"[^"]*"' <<<"$download" | sed 's/"host":"\(.*\)"/\1/' | sort -u | tr '\n' ' ')
  for seeder in "$@"; do
    [[ " $sources " == *" $(listed_address "$seeder") "* ]] || run_fail "$seeder is not among the sources ($sources)"
  done
  echo "lan: shared.bin arrived whole (SHA-256 $actual) from $sources"
  echo "lan selftest passed"
}

# --- commands --------------------------------------------------------------------------------------------------

command=run
case "${1:-}" in
  run | up | exec | shape | hosts | down | check) command=$1; shift ;;
  -h | --help | help) usage; exit 0 ;;
esac

SEEDERS=2
LEECHERS=1
NAT=0
FILE_MIB=16
TIMEOUT=120
SELFTEST=false
UP_RATE=""
DOWN_RATE=""
LAN_HOSTS=()
NAT_HOSTS=()

# number OPTION VALUE: VALUE, when it is a whole number.
number() {
  [[ "$2" =~ ^[0-9]+$ ]] || fail "$1 needs a whole number, not '$2'"
  echo "$2"
}

while (($#)); do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --state) STATE=${2:?--state needs a directory}; shift 2 ;;
    --ipv6) FAMILY=46; shift ;;
    --ipv6-only) FAMILY=6; shift ;;
    --up) UP_RATE=${2:?--up needs a rate}; tbf_args "$UP_RATE" >/dev/null; shift 2 ;;
    --down) DOWN_RATE=${2:?--down needs a rate}; tbf_args "$DOWN_RATE" >/dev/null; shift 2 ;;
    --nat-random) NAT_RANDOM=1; shift ;;
    --seeders) SEEDERS=$(number "$1" "${2:-}"); shift 2 ;;
    --leechers) LEECHERS=$(number "$1" "${2:-}"); shift 2 ;;
    --nat) NAT=$(number "$1" "${2:-}"); shift 2 ;;
    --file-mib) FILE_MIB=$(number "$1" "${2:-}"); shift 2 ;;
    --timeout) TIMEOUT=$(number "$1" "${2:-}"); shift 2 ;;
    --work) WORK=${2:?--work needs a directory}; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --selftest) SELFTEST=true; shift ;;
    --host) LAN_HOSTS+=("${2:?--host needs a name}"); shift 2 ;;
    --nat-host) NAT_HOSTS+=("${2:?--nat-host needs a name}"); shift 2 ;;
    --mgmt-ports)
      [[ "${2:-}" =~ ^[0-9]+(,[0-9]+)*$ ]] || fail "--mgmt-ports needs ports separated by commas"
      MGMT_PORTS=$2
      shift 2
      ;;
    --) shift; break ;;
    -*) fail "unknown option: $1 (try --help)" ;;
    *) break ;;
  esac
done
if [[ "$FAMILY" == 6 && "$NAT$((${#NAT_HOSTS[@]}))" != 00 ]]; then
  fail "hosts behind NAT need IPv4: --nat and --nat-host do not go with --ipv6-only"
fi
if [[ "$FAMILY" == 46 && "$NAT$((${#NAT_HOSTS[@]}))" != 00 ]]; then
  fail "hosts behind NAT have IPv4 only and could not reach IPv6 peers: --nat and --nat-host go without --ipv6"
fi

case "$command" in
  check)
    missing=$(missing_requirements)
    if [[ -n "$missing" ]]; then
      echo "$missing"
      exit 3
    fi
    echo "ready: root, ip, tc and nft are here"
    ;;
  run)
    (($# == 0)) || fail "unexpected argument: $1 (try --help)"
    [[ -z "$STATE" ]] || fail "run keeps its network in the work directory: use --work, not --state"
    run_network
    ;;
  up)
    [[ -n "$STATE" ]] || fail "up needs --state DIR"
    (($# == 0)) || fail "unexpected argument: $1 (try --help)"
    ((${#LAN_HOSTS[@]} + ${#NAT_HOSTS[@]})) || fail "up needs hosts: --host NAME or --nat-host NAME"
    require
    built=false
    trap '$built || take_down' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    begin_network
    for name in ${LAN_HOSTS[@]+"${LAN_HOSTS[@]}"}; do add_lan_host "$name"; done
    for name in ${NAT_HOSTS[@]+"${NAT_HOSTS[@]}"}; do add_nat_host "$name"; done
    if [[ -n "$UP_RATE$DOWN_RATE" ]]; then
      for name in ${LAN_HOSTS[@]+"${LAN_HOSTS[@]}"} ${NAT_HOSTS[@]+"${NAT_HOSTS[@]}"}; do
        shape_host "$name" "${UP_RATE:-none}" "${DOWN_RATE:-none}"
      done
    fi
    end_network
    built=true
    print_hosts
    ;;
  exec)
    [[ -n "$STATE" ]] || fail "exec needs --state DIR"
    (($# >= 2)) || fail "exec needs a host and a command"
    load_env
    ns=$(host_field "$1" 6)
    shift
    exec ip netns exec "$ns" "$@"
    ;;
  shape)
    [[ -n "$STATE" ]] || fail "shape needs --state DIR"
    (($# == 3)) || fail "shape needs a host, an uplink rate and a downlink rate"
    load_env
    [[ "$2" == none ]] || tbf_args "$2" >/dev/null
    [[ "$3" == none ]] || tbf_args "$3" >/dev/null
    shape_host "$@"
    ;;
  hosts)
    [[ -n "$STATE" ]] || fail "hosts needs --state DIR"
    load_env
    print_hosts
    ;;
  down)
    [[ -n "$STATE" ]] || fail "down needs --state DIR"
    if [[ -f "$STATE/lan.env" ]]; then
      load_env
      take_down
      rm -f "$STATE/lan.env" "$STATE/hosts.tsv"
    fi
    ;;
esac
