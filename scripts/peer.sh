#!/usr/bin/env bash
# Runs a peer node (peer + HTTP dashboard) in the foreground. Arguments go to the Vert.x launcher, for example:
#   scripts/peer.sh -conf conf/peer.json
# Relative shareDir/downloadDir in the config are relative to the current directory.
# JAVA_OPTS is passed to the JVM. The jar is built first if it is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/web-dashboard/target/peer-node.jar"
if [[ ! -f "$JAR" ]]; then
  "$ROOT/scripts/build.sh"
fi
# exec, so that SIGTERM reaches the JVM and Vert.x's shutdown hook undeploys cleanly.
# shellcheck disable=SC2086 # JAVA_OPTS holds several words on purpose
exec java ${JAVA_OPTS:-} -jar "$JAR" "$@"
