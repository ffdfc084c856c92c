#!/usr/bin/env bash
# What the agent adds to each request, the way OpenTelemetry measures its agent: the same request
# loop run in a JVM without the agent and in one with it, in one run of this script. For each client
# library it times sequential API calls to the carrier simulator that carry a FRESH token (the path
# every carrier request takes) and the same calls under another host name (traffic the agent passes
# by), and prints the median and 99th percentile latency in microseconds.
#   bench/request-overhead.sh [measured calls per cell, default 5000]
set -euo pipefail
cd "$(dirname "$0")/.."
MEASURED=${1:-5000}
WARMUP=$((MEASURED))
AGENT=agent/target/tokenguard-agent.jar
LOOP_CP="integration-tests/target/test-classes:demo-app/target/demo-app-0.1.0-SNAPSHOT.jar:demo-app/target/lib/*"
[[ -f $AGENT && -f integration-tests/target/test-classes/dev/tokenguard/it/app/RequestLoop.class ]] \
  || mvn -B -q -DskipTests package >/dev/null

WORK=$(mktemp -d)
trap 'kill $SIM 2>/dev/null || true; rm -rf "$WORK"' EXIT
java -cp "$LOOP_CP" dev.tokenguard.demo.carrier.CarrierSimulatorMain --port 0 --burst off --average off --api-rate off >"$WORK/sim.log" 2>&1 &
SIM=$!
for _ in $(seq 100); do grep -q listening "$WORK/sim.log" && break; sleep 0.1; done
BASE=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$WORK/sim.log" | head -1)
PORT=${BASE##*:}
printf 'carrier.fedex.preset=fedex\ncarrier.fedex.api-hosts=127.0.0.1:%s\ncarrier.fedex.token-url=%s/oauth/token\n' \
  "$PORT" "$BASE" >"$WORK/tokenguard.properties"

loop() { # loop CLIENT API_BASE [agent options...]
  local client=$1 api=$2; shift 2
  java "$@" -cp "$LOOP_CP" dev.tokenguard.it.app.RequestLoop "$client" "$BASE" "$api" "$WARMUP" "$MEASURED" 2>>"$WORK/loop.err" \
    | sed -E 's/p50=([0-9]+) p90=([0-9]+) p99=([0-9]+) mean=([0-9]+)/\1 \3/'
}

# The simulator's own JIT warms up on the first loops it serves: one discarded loop first, or the
# first cell's "without" column pays for it and the agent looks faster than no agent.
loop urlconnection "$BASE" >/dev/null
echo "sequential POSTs to the simulator on loopback, $MEASURED measured after $WARMUP warm-up, $(nproc) cores, microseconds"
printf '%-15s %-14s %18s %18s %12s\n' "client" "request" "without p50 p99" "with p50 p99" "added p50"
cell=0
for client in urlconnection okhttp apache5 apache5-async apache4 jdk; do
  for target in carrier other; do
    api=$BASE; [[ $target == other ]] && api="http://localhost:$PORT"
    # Which of the pair runs first alternates per cell, so that neither always meets the simulator
    # fresh from the other's load.
    if (( cell++ % 2 == 0 )); then
      read -r w50 w99 <<<"$(loop "$client" "$api")"
      read -r a50 a99 <<<"$(loop "$client" "$api" "-javaagent:$AGENT=config=$WORK/tokenguard.properties")"
    else
      read -r a50 a99 <<<"$(loop "$client" "$api" "-javaagent:$AGENT=config=$WORK/tokenguard.properties")"
      read -r w50 w99 <<<"$(loop "$client" "$api")"
    fi
    printf '%-15s %-14s %9s %8s %9s %8s %+12d\n' "$client" "$target" "$w50" "$w99" "$a50" "$a99" $((a50 - w50))
  done
done
