#!/usr/bin/env bash
# The demo swarm with two clustered tracker nodes (-cluster, conf/cluster.xml) instead of one: peer-1 and peer-2 use
# node A, peer-3 and the leecher node B, and every peer knows both. A download in the leecher's dashboard comes
# from peers of both nodes; stop node A and its peers move to B.
#
# Usage: scripts/cluster-demo.sh [--selftest] [--rebuild]    (the options and environment of scripts/demo.sh)
set -euo pipefail
DEMO_CLUSTER=1 exec "$(dirname "${BASH_SOURCE[0]}")/demo.sh" "$@"
