#!/usr/bin/env bash
# What the agent adds to starting a small application: whole-process wall time and peak RSS of a
# JVM without and with -javaagent, alternating runs so that machine noise hits each alike. Two
# applications: one that prints "hello", one that makes one HttpURLConnection call to a host that is
# not a carrier's. BASELINE=<agent jar> adds a third run per round with that jar (an older build),
# to compare two builds in one run.
#   [BASELINE=old-agent.jar] bench/startup.sh [runs, default 21]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-21}
AGENT=agent/target/tokenguard-agent.jar
APP=integration-tests/target/test-classes
[[ -f $AGENT && -f $APP/dev/tokenguard/it/app/OneCallApp.class ]] || mvn -B -q -o -DskipTests package >/dev/null

CONFIG=$(mktemp --suffix=.properties)
TIMES=$(mktemp)
trap 'rm -f "$CONFIG" "$TIMES"' EXIT
printf 'carrier.fedex.preset=fedex\n' > "$CONFIG"

# Prints "<wall ms> <peak RSS KiB>" of one run.
measure() {
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -f %M -o "$TIMES" "$@" >/dev/null 2>&1
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000000 )) $(cat "$TIMES")"
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int(NR/2)+1]}'; }
quartiles() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%d %d %d", a[int(NR/4)+1], a[int(NR/2)+1], a[int(3*NR/4)+1]}'; }

variants=(without with)
[[ -n ${BASELINE:-} ]] && variants+=(baseline)
echo "JVM start to exit, $RUNS alternated runs each, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
for app in "HelloApp" "OneCallApp http://127.0.0.1:9/"; do
  declare -A wall=() rss=()
  for ((i = 0; i < RUNS; i++)); do
    for v in "${variants[@]}"; do
      case $v in
        without) flags=() ;;
        with) flags=(-javaagent:"$AGENT"=config="$CONFIG") ;;
        baseline) flags=(-javaagent:"$BASELINE"=config="$CONFIG") ;;
      esac
      # shellcheck disable=SC2086
      read -r ms kib <<< "$(measure java -Xshare:auto "${flags[@]}" -cp "$APP" dev.tokenguard.it.app.$app)"
      wall[$v]+="$ms "; rss[$v]+="$kib "
    done
  done
  echo
  echo "$app"
  printf '%-18s %8s %8s %8s %14s\n' "" "p25 ms" "median" "p75 ms" "peak RSS MiB"
  # shellcheck disable=SC2086
  read -r w25 w50 w75 <<< "$(quartiles ${wall[without]})"
  # shellcheck disable=SC2086
  wrss=$(median ${rss[without]})
  for v in "${variants[@]}"; do
    # shellcheck disable=SC2086
    read -r p25 p50 p75 <<< "$(quartiles ${wall[$v]})"
    # shellcheck disable=SC2086
    r=$(median ${rss[$v]})
    printf '%-18s %8d %8d %8d %14.1f' "$v" "$p25" "$p50" "$p75" "$(echo "$r / 1024" | bc -l)"
    [[ $v == without ]] && echo || printf '   added: %+d ms, %+.1f MiB\n' "$((p50 - w50))" "$(echo "($r - $wrss) / 1024" | bc -l)"
  done
  unset wall rss
done
