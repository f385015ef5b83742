#!/usr/bin/env bash
# Runs the tracker in the foreground. Arguments go to the Vert.x launcher, for example:
#   scripts/tracker.sh -conf conf/tracker.json
#   scripts/tracker.sh -cluster -conf conf/tracker.json     (one node of a cluster, with conf/cluster.xml)
# JAVA_OPTS is passed to the JVM (-Dvertx.hazelcast.config=FILE picks another cluster configuration); without a
# -XX:+Use...GC option of its own the tracker runs with the parallel collector (docs/performance.md: 26 us of CPU per
# lookup against 34 with G1, 40,000 lookups/s against 33,000, at the price of longer, rarer pauses). TRACKER_JAR
# runs another tracker jar (benchmarks of older code). The jar is built first if it is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${TRACKER_JAR:-$ROOT/tracker-verticle/target/tracker.jar}"
if [[ ! -f "$JAR" ]]; then
  "$ROOT/scripts/build.sh"
fi
OPTS="${JAVA_OPTS:-}"
if [[ "$OPTS" != *-XX:+Use*GC* ]]; then
  OPTS="$OPTS -XX:+UseParallelGC"
fi
for arg in "$@"; do
  if [[ "$arg" == "-cluster" ]]; then
    if [[ "$OPTS" != *vertx.hazelcast.config* ]]; then
      OPTS="$OPTS -Dvertx.hazelcast.config=$ROOT/conf/cluster.xml"
    fi
    # The JDK internals Hazelcast asks for (it warns at start without them).
    OPTS="$OPTS --add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED"
    OPTS="$OPTS --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED"
    OPTS="$OPTS --add-opens java.management/sun.management=ALL-UNNAMED"
    OPTS="$OPTS --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"
  fi
done
# exec, so that SIGTERM reaches the JVM and Vert.x's shutdown hook undeploys cleanly.
# shellcheck disable=SC2086 # OPTS holds several words on purpose
exec java $OPTS -jar "$JAR" "$@"
