#!/usr/bin/env bash
# Builds the two runnable jars without running the tests:
#   tracker-verticle/target/tracker.jar and web-dashboard/target/peer-node.jar
# Extra arguments go to Maven (for example -o to stay offline).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
exec mvn -B -q -DskipTests package "$@"
