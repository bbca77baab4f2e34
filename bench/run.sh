#!/usr/bin/env bash
# Runs one benchmark: bench/run.sh <reconcile-ceiling|reconcile-scale|cold-start|coalescing|request-api-load|
#                                   alert-ingest|blocked-latency|audit-chain|scopes> [options]
# Builds the bench jar (and, with -am, the function jars cold-start runs, and the sandbox jar blocked-latency
# starts) first when it is missing or older than the sources it is made of.
# JVM options come from BENCH_JAVA_OPTS (default: a fixed 1 GB heap, so that the heap a run needs is
# measured without the collector resizing the heap in between).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/bench/target/egress-bench.jar"

if [[ $# -eq 0 ]]; then
  echo "usage: bench/run.sh <reconcile-ceiling|reconcile-scale|cold-start|coalescing|request-api-load|alert-ingest|blocked-latency|audit-chain|scopes> [--warmup N] [--runs N] [--sizes a,b,c] [--seed S]" >&2
  exit 2
fi

stale() {
  [[ ! -f "$jar" ]] && return 0
  [[ ! -f "$root/local/sandbox/target/egress-sandbox.jar" ]] && return 0
  [[ ! -f "$root/node_modules/dynalite/cli.js" ]] && return 0
  [[ -n "$(find "$root/pom.xml" "$root/bench/pom.xml" "$root/bench/src" "$root/shared/src/main" "$root/shared/pom.xml" \
      "$root/local/emulators/src/main" "$root/local/emulators/pom.xml" "$root/local/testbed" "$root/local/sandbox" \
      "$root/functions" \
      -newer "$jar" -type f -not -path '*/target/*' -print -quit)" ]]
}

if stale; then
  echo "building the bench jar…" >&2
  (cd "$root" && mvn -q -pl bench,local/sandbox -am package -DskipTests)
fi

cd "$root"
# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:--Xms1g -Xmx1g} -Degress.root="$root" -jar "$jar" "$@"
