#!/usr/bin/env bash
# What the agent adds to starting a small application: whole-process wall time of a JVM that prints
# "hello" and exits, without and with -javaagent, alternating runs so that machine noise hits both
# alike. Prints the median and quartiles of each and their difference.
#   bench/startup.sh [runs, default 21]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-21}
AGENT=agent/target/tokenguard-agent.jar
APP=integration-tests/target/test-classes
[[ -f $AGENT && -f $APP/dev/tokenguard/it/app/HelloApp.class ]] || mvn -B -q -DskipTests package >/dev/null

CONFIG=$(mktemp --suffix=.properties)
trap 'rm -f "$CONFIG"' EXIT
printf 'carrier.fedex.preset=fedex\n' > "$CONFIG"

millis() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }

without=() ; with=()
for ((i = 0; i < RUNS; i++)); do
  without+=("$(millis java -Xshare:auto -cp "$APP" dev.tokenguard.it.app.HelloApp)")
  with+=("$(millis java -Xshare:auto -javaagent:"$AGENT"=config="$CONFIG" -cp "$APP" dev.tokenguard.it.app.HelloApp)")
done

stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%d %d %d", a[int(NR/4)+1], a[int(NR/2)+1], a[int(3*NR/4)+1]}'; }
read -r w25 w50 w75 <<< "$(stats "${without[@]}")"
read -r a25 a50 a75 <<< "$(stats "${with[@]}")"
echo "JVM start to exit of a hello-world app, $RUNS runs each, $(nproc) cores, $(java -version 2>&1 | head -1)"
printf '%-22s %8s %8s %8s\n' "" "p25 ms" "median" "p75 ms"
printf '%-22s %8d %8d %8d\n' "without agent" "$w25" "$w50" "$w75"
printf '%-22s %8d %8d %8d\n' "with tokenguard" "$a25" "$a50" "$a75"
printf '%-22s %8s %+8d\n' "added by the agent" "" "$((a50 - w50))"
