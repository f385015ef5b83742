#!/usr/bin/env bash
# Runs the tracker in the foreground. Arguments go to the Vert.x launcher, for example:
#   scripts/tracker.sh -conf conf/tracker.json
# JAVA_OPTS is passed to the JVM. The jar is built first if it is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/tracker-verticle/target/tracker.jar"
if [[ ! -f "$JAR" ]]; then
  "$ROOT/scripts/build.sh"
fi
# exec, so that SIGTERM reaches the JVM and Vert.x's shutdown hook undeploys cleanly.
# shellcheck disable=SC2086 # JAVA_OPTS holds several words on purpose
exec java ${JAVA_OPTS:-} -jar "$JAR" "$@"
