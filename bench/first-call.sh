#!/usr/bin/env bash
# What the agent adds to an application's first carrier call (issue 10): the in-process time of one
# token request (TokenCallApp, HttpURLConnection, a JVM's first HTTP call) against the carrier
# simulator, without and with -javaagent, alternating runs so that machine noise hits each alike.
# With the agent the call is the guard's whole first-call path: building the guard, the real token
# call, reading the answer, the synthetic response. BASELINE=<agent jar> adds a run per round with
# that jar (an older build), to compare two builds in one run.
#   [BASELINE=old-agent.jar] bench/first-call.sh [runs, default 11]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-11}
AGENT=agent/target/tokenguard-agent.jar
APP=integration-tests/target/test-classes
SIM_CP="demo-app/target/classes:demo-app/target/lib/*"
[[ -f $AGENT && -f $APP/dev/tokenguard/it/app/TokenCallApp.class && -d demo-app/target/lib ]] \
  || mvn -B -q -o -DskipTests package >/dev/null

WORK=$(mktemp -d)
SIM=
cleanup() {
  [[ -n $SIM ]] && kill "$SIM" 2>/dev/null && wait "$SIM" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

# No thresholds: every run makes a real token call, and the simulator must not ban the bench.
java -cp "$SIM_CP" dev.tokenguard.demo.carrier.CarrierSimulatorMain --burst off --average off >"$WORK/sim.out" 2>&1 &
SIM=$!
for ((i = 0; i < 100; i++)); do
  grep -q listening "$WORK/sim.out" && break
  sleep 0.1
done
BASE=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/sim.out" | head -1)
[[ -n $BASE ]] || { echo "first-call.sh: the simulator did not start:" >&2; cat "$WORK/sim.out" >&2; exit 1; }
HOSTPORT=${BASE#http://}
printf 'carrier.fedex.preset=fedex\ncarrier.fedex.api-hosts=%s\ncarrier.fedex.token-url=%s/oauth/token\n' \
  "$HOSTPORT" "$BASE" >"$WORK/tokenguard.properties"

quartiles() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%d %d %d", a[int(NR/4)+1], a[int(NR/2)+1], a[int(3*NR/4)+1]}'; }

variants=(without with)
[[ -n ${BASELINE:-} ]] && variants+=(baseline)
declare -A ms=()
echo "first carrier call, $RUNS alternated runs each, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
for ((i = 0; i < RUNS; i++)); do
  for v in "${variants[@]}"; do
    case $v in
      without) flags=() ;;
      with) flags=(-javaagent:"$AGENT"=config="$WORK/tokenguard.properties") ;;
      baseline) flags=(-javaagent:"$BASELINE"=config="$WORK/tokenguard.properties") ;;
    esac
    line=$(java -Xshare:auto "${flags[@]}" -cp "$APP" dev.tokenguard.it.app.TokenCallApp "$BASE/oauth/token" 2>/dev/null)
    [[ $line == *"status 200" ]] || { echo "first-call.sh: $v: $line" >&2; exit 1; }
    ms[$v]+="$(awk '{print int($2 + 0.5)}' <<<"$line") "
  done
done
printf '%-12s %8s %8s %8s\n' "" "p25 ms" "median" "p75 ms"
# shellcheck disable=SC2086
read -r _ w50 _ <<<"$(quartiles ${ms[without]})"
for v in "${variants[@]}"; do
  # shellcheck disable=SC2086
  read -r p25 p50 p75 <<<"$(quartiles ${ms[$v]})"
  printf '%-12s %8d %8d %8d' "$v" "$p25" "$p50" "$p75"
  [[ $v == without ]] && echo || printf '   added: %+d ms\n' "$((p50 - w50))"
done
