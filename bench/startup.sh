#!/usr/bin/env bash
# What the agent adds to starting an application, per client library. Each library has two small
# applications (integration-tests, dev.tokenguard.it.app.startup): one makes one GET to a host that
# is not a carrier's (the simulator under another name), one makes a shipping application's first
# carrier call (token request, then one API call) to the carrier simulator and prints how long that
# took. Each runs without and with -javaagent, alternated (the order flips every round, so that
# neither always runs right after the other), RUNS times: whole-process wall time (median, min), CPU
# time (user + sys, median), peak RSS (median), and the carrier application's first call (median).
# Classes loaded are counted in one more run per variant with -Xlog:class+load, not a timed one.
# The "hello" application only prints: what the agent costs a JVM that makes no call at all.
# BASELINE=<agent jar> adds a third variant with that jar (an older build), to compare two builds in
# one run; LIBS picks the applications (default: all).
#   [BASELINE=old-agent.jar] [LIBS="hello urlconnection jdk okhttp apache5 apache5-async apache4"] bench/startup.sh [runs, default 21]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-21}
LIBS=${LIBS:-hello urlconnection jdk okhttp apache5 apache5-async apache4}
AGENT=agent/target/tokenguard-agent.jar
DEMO_JAR=demo-app/target/demo-app-0.1.0-SNAPSHOT.jar
APP_CP="integration-tests/target/test-classes:demo-app/target/lib/*"
[[ -f $AGENT && -f $DEMO_JAR && -f integration-tests/target/test-classes/dev/tokenguard/it/app/startup/FirstCalls.class ]] \
  || mvn -B -q -o -pl integration-tests -am -DskipTests package >/dev/null

app_class() {
  case $1 in
    hello) echo dev.tokenguard.it.app.HelloApp ;;
    urlconnection) echo dev.tokenguard.it.app.startup.UrlConnectionApp ;;
    jdk) echo dev.tokenguard.it.app.startup.JdkHttpClientApp ;;
    okhttp) echo dev.tokenguard.it.app.startup.OkHttpApp ;;
    apache5) echo dev.tokenguard.it.app.startup.Apache5ClassicApp ;;
    apache5-async) echo dev.tokenguard.it.app.startup.Apache5AsyncApp ;;
    apache4) echo dev.tokenguard.it.app.startup.Apache4App ;;
    *) echo "unknown library in LIBS: $1 (hello urlconnection jdk okhttp apache5 apache5-async apache4)" >&2; exit 2 ;;
  esac
}

WORK=$(mktemp -d)
trap 'kill ${SIM:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT
# No FedEx thresholds (every JVM without the agent asks for a token) and day-long tokens (none
# expires during the run).
java -cp "$DEMO_JAR:demo-app/target/lib/*" dev.tokenguard.demo.carrier.CarrierSimulatorMain \
  --port 0 --burst off --average off --token-lifetime 24h >"$WORK/sim.log" 2>&1 &
SIM=$!
for _ in $(seq 300); do grep -q listening "$WORK/sim.log" && break; sleep 0.1; done
BASE=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$WORK/sim.log" | head -1) \
  || { echo "the carrier simulator did not start:" >&2; cat "$WORK/sim.log" >&2; exit 1; }
PORT=${BASE##*:}
printf 'carrier.fedex.preset=fedex\ncarrier.fedex.api-hosts=127.0.0.1:%s\ncarrier.fedex.token-url=%s/oauth/token\n' \
  "$PORT" "$BASE" >"$WORK/tokenguard.properties"

variants=(without with)
[[ -n ${BASELINE:-} ]] && variants+=(baseline)
agent_flags() {
  case $1 in
    without) flags=() ;;
    with) flags=(-javaagent:"$AGENT"=config="$WORK/tokenguard.properties") ;;
    baseline) flags=(-javaagent:"$BASELINE"=config="$WORK/tokenguard.properties") ;;
  esac
}

# Runs one JVM and stops the script if it fails; its stdout is left in $WORK/out.
run_jvm() {
  if ! "$@" >"$WORK/out" 2>"$WORK/err"; then
    echo "failed: $*" >&2; cat "$WORK/out" "$WORK/err" >&2; exit 1
  fi
}

# Prints "<wall ms> <CPU ms> <peak RSS KiB> <first carrier call ms, or ->" of one run.
measure() {
  local t0 t1
  t0=$(date +%s%N)
  run_jvm /usr/bin/time -f '%M %U %S' -o "$WORK/time" "$@"
  t1=$(date +%s%N)
  local first
  first=$(sed -n 's/^first carrier call: \([0-9]*\) ms$/\1/p' "$WORK/out")
  awk -v wall=$(( (t1 - t0) / 1000000 )) -v first="${first:--}" \
    '{printf "%d %d %d %s\n", wall, ($2 + $3) * 1000 + 0.5, $1, first}' "$WORK/time"
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int(NR/2)+1]}'; }
minimum() { printf '%s\n' "$@" | sort -n | head -1; }

cases=()
for lib in $LIBS; do
  app_class "$lib" >/dev/null
  if [[ $lib == hello ]]; then cases+=("hello none"); else cases+=("$lib non-carrier" "$lib carrier"); fi
done

echo "JVM start to exit, $RUNS alternated runs each, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
echo "with, baseline: the median (or min) and what it adds to the run without the agent"
echo
printf '%-14s %-12s %-9s %14s %14s %14s %14s %14s %14s\n' "app" "call" "agent" \
  "wall median" "wall min" "CPU ms" "peak RSS MiB" "classes" "first call ms"
shown=0
for case in "${cases[@]}"; do
  read -r lib call <<<"$case"
  app=(-cp "$APP_CP" "$(app_class "$lib")")
  case $call in
    non-carrier) app+=(non-carrier "http://localhost:$PORT/__sim/stats") ;;
    carrier) app+=(carrier "$BASE/oauth/token" "$BASE/rate/v1/rates/quotes") ;;
  esac
  (( shown++ == 0 )) || echo
  declare -A wall=() cpu=() rss=() first=() classes=()
  # Untimed; these runs also warm the simulator up before the timed ones.
  for v in "${variants[@]}"; do
    agent_flags "$v"
    rm -f "$WORK/classes.log"
    run_jvm java -Xshare:auto "${flags[@]}" -Xlog:class+load:file="$WORK/classes.log" "${app[@]}"
    classes[$v]=$(wc -l <"$WORK/classes.log")
  done
  for ((i = 0; i < RUNS; i++)); do
    order=("${variants[@]}")
    (( i % 2 == 1 )) && order=($(printf '%s\n' "${variants[@]}" | tac))
    for v in "${order[@]}"; do
      agent_flags "$v"
      # Assigned first, so that a failed run stops the script.
      result=$(measure java -Xshare:auto "${flags[@]}" "${app[@]}")
      read -r ms cpu_ms kib first_ms <<<"$result"
      wall[$v]+="$ms "; cpu[$v]+="$cpu_ms "; rss[$v]+="$kib "; first[$v]+="$first_ms "
    done
  done
  # shellcheck disable=SC2086
  for v in "${variants[@]}"; do
    w50=$(median ${wall[$v]}) wmin=$(minimum ${wall[$v]}) c50=$(median ${cpu[$v]}) r50=$(median ${rss[$v]})
    f50=$(median ${first[$v]})
    if [[ $v == without ]]; then
      read -r b_w50 b_wmin b_c50 b_r50 b_f50 <<<"$w50 $wmin $c50 $r50 $f50"
      printf -v line '%-14s %-12s %-9s %7d %6s %7d %6s %7d %6s %7.1f %6s %7d %6s %7s' "$lib" "$call" "$v" \
        "$w50" "" "$wmin" "" "$c50" "" "$(echo "$r50 / 1024" | bc -l)" "" "${classes[$v]}" "" "$f50"
    else
      if [[ $f50 == - ]]; then f_added=""; else f_added=$(printf '%+d' $((f50 - b_f50))); fi
      printf -v line '%-14s %-12s %-9s %7d %+6d %7d %+6d %7d %+6d %7.1f %+6.1f %7d %+6d %7s %6s' "" "" "$v" \
        "$w50" $((w50 - b_w50)) "$wmin" $((wmin - b_wmin)) "$c50" $((c50 - b_c50)) \
        "$(echo "$r50 / 1024" | bc -l)" "$(echo "($r50 - $b_r50) / 1024" | bc -l)" \
        "${classes[$v]}" $((classes[$v] - classes[without])) "$f50" "$f_added"
    fi
    echo "${line%"${line##*[! ]}"}"
  done
  unset wall cpu rss first classes
done
echo "load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
