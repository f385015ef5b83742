#!/usr/bin/env bash
# Keys of a private network. A network is its certificate authority (CA): trackers and nodes trust it, and only
# nodes whose certificate it signed can join the tracker or fetch a chunk.
#
# Usage:
#   scripts/network-keys.sh init DIR            a new CA: DIR/ca.crt (give it to every tracker and node) and
#                                               DIR/ca.key (keep it private: whoever holds it can add members)
#   scripts/network-keys.sh node DIR NAME       DIR/NAME.key and DIR/NAME.crt for a node named NAME (the name it
#                                               must join with, its "name" in peer.json)
#   scripts/network-keys.sh tracker DIR NAME    the same for a tracker: its certificate carries the tracker role,
#                                               which node certificates lack, so no node can pose as a tracker
#   scripts/network-keys.sh revoke DIR NAME     adds NAME's certificate to DIR/revoked.txt (give that file to every
#                                               tracker and node as tls.revoked; they read it again when it changes)
#   scripts/network-keys.sh show DIR NAME       who NAME's certificate names, its role and when it expires
# Environment: DAYS, how long a node or tracker certificate is valid (365); the CA is valid ten years.
set -euo pipefail

# The tracker role: an extended key usage of this project (an OID from a UUID, arc 2.25).
TRACKER_ROLE=2.25.337462492713888933944595957367447130518

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit "${1:-2}"; }
fail() { echo "network-keys: $*" >&2; exit 1; }

command -v openssl >/dev/null || fail "openssl is needed (Debian: apt-get install openssl)"
[[ $# -ge 2 ]] || usage
cmd=$1
dir=$2
days="${DAYS:-365}"
[[ "$days" =~ ^[0-9]+$ && "$days" -ge 1 ]] || fail "DAYS must be a whole number of days, got $days"

# check_name NAME: a node name as peers give it (1..100 characters), usable as a file name here.
check_name() {
  [[ "$1" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$ ]] ||
    fail "name must be 1..100 letters, digits, dots, dashes or underscores, starting with a letter or digit: $1"
}

# issue NAME EXTRA-EKU: a P-256 key and a certificate for NAME signed by the CA.
issue() {
  local name=$1 eku=$2
  [[ -f "$dir/ca.key" && -f "$dir/ca.crt" ]] || fail "no CA in $dir: run '$0 init $dir' first"
  [[ ! -e "$dir/$name.crt" ]] || fail "$dir/$name.crt exists already (revoke it, then remove it, to issue again)"
  local ext
  ext=$(mktemp)
  trap 'rm -f "$ext" "$dir/$name.csr"' RETURN
  cat >"$ext" <<EXT
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth$eku
subjectAltName = DNS:$name
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EXT
  (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/$name.key" 2>/dev/null)
  openssl req -new -key "$dir/$name.key" -subj "/CN=$name" -out "$dir/$name.csr" 2>/dev/null
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days "$days" -sha256 -extfile "$ext" -out "$dir/$name.crt" 2>/dev/null
  echo "network-keys: $dir/$name.crt and $dir/$name.key ($(openssl x509 -in "$dir/$name.crt" -noout -enddate))"
}

case "$cmd" in
  init)
    [[ $# -eq 2 ]] || usage
    [[ ! -e "$dir/ca.key" ]] || fail "$dir/ca.key exists already: this folder holds a network"
    mkdir -p "$dir"
    (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/ca.key" 2>/dev/null)
    openssl req -x509 -new -key "$dir/ca.key" -subj "/CN=p2pshare network $(date -u +%Y%m%d%H%M%S)" \
      -days 3650 -sha256 -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$dir/ca.crt" 2>/dev/null
    : >"$dir/revoked.txt"
    echo "network-keys: a new network in $dir: ca.crt (for every member), ca.key (keep it private), revoked.txt"
    ;;
  node | tracker)
    [[ $# -eq 3 ]] || usage
    check_name "$3"
    if [[ "$cmd" == tracker ]]; then issue "$3" ", $TRACKER_ROLE"; else issue "$3" ""; fi
    ;;
  revoke)
    [[ $# -eq 3 ]] || usage
    check_name "$3"
    [[ -f "$dir/$3.crt" ]] || fail "no certificate $dir/$3.crt"
    serial=$(openssl x509 -in "$dir/$3.crt" -noout -serial | cut -d= -f2 | tr 'A-F' 'a-f' | sed 's/^0*//')
    if grep -qx "$serial" "$dir/revoked.txt" 2>/dev/null; then
      echo "network-keys: $3 ($serial) is revoked already"
    else
      printf '# %s, revoked %s\n%s\n' "$3" "$(date -u +%FT%TZ)" "$serial" >>"$dir/revoked.txt"
      echo "network-keys: revoked $3 (serial $serial) in $dir/revoked.txt"
    fi
    ;;
  show)
    [[ $# -eq 3 ]] || usage
    [[ -f "$dir/$3.crt" ]] || fail "no certificate $dir/$3.crt"
    openssl x509 -in "$dir/$3.crt" -noout -subject -issuer -serial -enddate
    if openssl x509 -in "$dir/$3.crt" -noout -text | grep -q "$TRACKER_ROLE"; then
      echo "role=tracker"
    else
      echo "role=node"
    fi
    ;;
  -h | --help) usage 0 ;;
  *) usage ;;
esac
