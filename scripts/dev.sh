#!/usr/bin/env bash
# Development loop: runs one module with the Vert.x Maven plugin (vertx:run), which compiles it, starts its
# verticle in a forked JVM and redeploys it within a second or two whenever a file under that module's src/main
# changes (Java sources and the dashboard's static files alike).
#
# Usage: scripts/dev.sh peer|tracker [CONF]
#   peer     the peer node (web-dashboard module: the dashboard's Java code and its page in webroot/)
#   tracker  the tracker (tracker-verticle module)
#   CONF     a -conf file or JSON; by default the tracker uses conf/tracker.json's settings and the peer a config
#            that shares .dev/share, downloads to .dev/downloads, and serves its dashboard on
#            http://127.0.0.1:8080/?token=dev; neither warms up (warmUp false), so a redeploy starts at once
# (vertx:initialize records the build steps, so a redeploy compiles again.) The modules a module depends on are installed into the local Maven repository first; edits to them need a restart
# of this script. Ctrl-C stops it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
what="${1:-}"
case "$what" in
  peer)
    module=web-dashboard
    verticle=p2pshare.node.PeerNodeVerticle
    deps=peer-verticle
    mkdir -p "$ROOT/.dev/share" "$ROOT/.dev/downloads"
    # The fixed token "dev" is short: it is accepted only on a loopback address, so the host is pinned here.
    # No warm-up: a redeploy starts at once (the warm-up is for the first transfers of a long-running node).
    default_conf="{\"name\":\"dev-peer\",\"shareDir\":\"$ROOT/.dev/share\",\"downloadDir\":\"$ROOT/.dev/downloads\",\"warmUp\":false,\"http\":{\"host\":\"127.0.0.1\",\"port\":8080,\"token\":\"dev\"}}"
    ;;
  tracker)
    module=tracker-verticle
    verticle=p2pshare.tracker.TrackerVerticle
    deps=node-runtime
    # conf/tracker.json without the warm-up, so that a redeploy starts at once.
    default_conf="{\"host\":\"127.0.0.1\",\"port\":6881,\"peerTimeoutSeconds\":15,\"warmUp\":false}"
    ;;
  *)
    echo "usage: scripts/dev.sh peer|tracker [CONF]" >&2
    exit 2
    ;;
esac
conf="${2:-$default_conf}"
if [[ -f "$conf" ]]; then
  conf="$(cd "$(dirname "$conf")" && pwd)/$(basename "$conf")"
else
  # The plugin takes the config as a file.
  mkdir -p "$ROOT/.dev"
  printf '%s\n' "$conf" >"$ROOT/.dev/$what.json"
  conf="$ROOT/.dev/$what.json"
fi

cd "$ROOT"
if [[ -n "$deps" ]]; then
  echo "dev: installing $deps into the local Maven repository"
  mvn -B -q install -DskipTests -pl "$deps" -am
fi
cd "$ROOT/$module"
echo "dev: running $verticle; edit $module/src/main to redeploy"
exec mvn -B -q io.reactiverse:vertx-maven-plugin:2.0.2:initialize compile io.reactiverse:vertx-maven-plugin:2.0.2:run -Dvertx.verticle="$verticle" -Dvertx.config="$conf"
