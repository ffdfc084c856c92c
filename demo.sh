#!/usr/bin/env bash
# The seed's token storm, twice: a naive shipping client against a carrier simulator with FedEx's
# rules (5 s tokens, each new token revoking the last), first as it is, then unchanged under
# tokenguard. Prints one table comparing the two runs. Needs java 17+, and mvn if nothing is built;
# --store redis (the instances as one cluster) needs redis-server, started on a free port and stopped.
# --scenario api-burst: the same users spend the carrier's API quota (scaled to --api-rate, 1-hour
# tokens that revoke nothing), without the agent and with a quota policy of the same rate.
# --mode observe: the agent's run starts in tokenguard.mode=observe and is switched to enforce with
# "java -jar tokenguard-agent.jar mode enforce PID" halfway through; shows what status said just before.
#
#   ./demo.sh [--scenario storm|api-burst] [--users 50] [--seconds 20 (api-burst: 10)]
#             [--client urlconnection] [--carrier fedex|ups] [--instances 1] [--think 100ms]
#             [--no-agent] [--store local|redis] [--api-rate 100/2s (api-burst only)] [--mode observe]
set -euo pipefail
cd "$(dirname "$0")"

SCENARIO=storm
USERS=50
RUN_SECONDS=
CLIENT=urlconnection
CARRIER=fedex
INSTANCES=1
THINK=100ms
WITH_AGENT=1
STORE=local
API_RATE=
MODE=enforce

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
}

fail_usage() {
  echo "demo.sh: $1" >&2
  exit 2
}

need_value() {
  [[ $# -ge 2 && -n "$2" ]] || fail_usage "$1 needs a value"
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --scenario)
      need_value "$@"
      case "$2" in
        storm|api-burst) SCENARIO=$2; shift 2 ;;
        *) fail_usage "--scenario must be storm or api-burst, got '$2'" ;;
      esac ;;
    --api-rate) need_value "$@"; API_RATE=$2; shift 2 ;;
    --users) need_value "$@"; USERS=$2; shift 2 ;;
    --seconds) need_value "$@"; RUN_SECONDS=$2; shift 2 ;;
    --client) need_value "$@"; CLIENT=$2; shift 2 ;;
    --carrier) need_value "$@"; CARRIER=$2; shift 2 ;;
    --instances) need_value "$@"; INSTANCES=$2; shift 2 ;;
    --think) need_value "$@"; THINK=$2; shift 2 ;;
    --no-agent) WITH_AGENT=0; shift ;;
    --mode)
      need_value "$@"
      case "$2" in
        enforce|observe) MODE=$2; shift 2 ;;
        *) fail_usage "--mode must be enforce or observe, got '$2'" ;;
      esac ;;
    --store)
      need_value "$@"
      case "$2" in
        local|redis) STORE=$2; shift 2 ;;
        *) fail_usage "--store must be local or redis, got '$2'" ;;
      esac ;;
    -h|--help) usage; exit 0 ;;
    *) fail_usage "unknown flag $1 (try --help)" ;;
  esac
done

# Each scenario's simulator: the storm needs short tokens that revoke their predecessors and counts
# tokens only (its users call far more often than FedEx's API quota allows, which is another story);
# the API burst needs tokens that stay put, so that the quota is all there is to see.
if [[ $SCENARIO == api-burst ]]; then
  RUN_SECONDS=${RUN_SECONDS:-10}
  API_RATE=${API_RATE:-100/2s}
  [[ "$API_RATE" =~ ^[1-9][0-9]*/[1-9][0-9]*(ms|s|m|h)$ ]] \
    || fail_usage "--api-rate must be CALLS/WINDOW such as 100/2s, got '$API_RATE'"
  SIM_FLAGS=(--token-lifetime 60m --revoke false --api-rate "$API_RATE")
else
  [[ -z "$API_RATE" ]] || fail_usage "--api-rate goes with --scenario api-burst"
  RUN_SECONDS=${RUN_SECONDS:-20}
  SIM_FLAGS=(--token-lifetime 5s --revoke true --api-rate off)
fi
[[ "$USERS" =~ ^[1-9][0-9]*$ ]] || fail_usage "--users must be a positive whole number, got '$USERS'"
[[ "$RUN_SECONDS" =~ ^[1-9][0-9]*$ ]] || fail_usage "--seconds must be a positive whole number, got '$RUN_SECONDS'"
[[ "$INSTANCES" =~ ^[1-9][0-9]*$ ]] || fail_usage "--instances must be a positive whole number, got '$INSTANCES'"
case "$CLIENT" in
  urlconnection|okhttp|apache5|apache5-async|apache4|jdk) ;;
  *) fail_usage "--client must be one of urlconnection|okhttp|apache5|apache5-async|apache4|jdk, got '$CLIENT'" ;;
esac
case "$CARRIER" in
  fedex) TOKEN_PATH=/oauth/token ;;
  ups) TOKEN_PATH=/security/v1/oauth/token ;;
  *) fail_usage "--carrier must be fedex or ups, got '$CARRIER'" ;;
esac
if [[ $MODE == observe ]]; then
  ((WITH_AGENT)) || fail_usage "--mode observe is the agent's; it cannot go with --no-agent"
fi
if [[ $STORE == redis ]]; then
  ((WITH_AGENT)) || fail_usage "--store redis is the agent's cluster mode; it cannot go with --no-agent"
  command -v redis-server >/dev/null || {
    echo "demo.sh: --store redis needs redis-server on the PATH (apt-get install redis-server); the demo runs one of its own" >&2
    exit 1
  }
fi
command -v java >/dev/null || { echo "demo.sh: java is not on the PATH" >&2; exit 1; }

VERSION=0.1.0-SNAPSHOT
DEMO_JAR=demo-app/target/demo-app-$VERSION.jar
DEMO_LIB=demo-app/target/lib
AGENT_JAR=agent/target/tokenguard-agent.jar
CLASSPATH_DEMO="$DEMO_JAR:$DEMO_LIB/*"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tokenguard-demo.XXXXXX")
CHILDREN=()

cleanup() {
  local pid
  for pid in ${CHILDREN[@]+"${CHILDREN[@]}"}; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in ${CHILDREN[@]+"${CHILDREN[@]}"}; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo; echo "demo.sh: interrupted" >&2; exit 130' INT TERM

# Prints the last lines of a log, indented, to explain a failure.
show_tail() {
  tail -n "${2:-15}" "$1" | sed 's/^/    /' >&2
}

build_if_missing() {
  if [[ -f "$DEMO_JAR" && -d "$DEMO_LIB" && ( $WITH_AGENT == 0 || -f "$AGENT_JAR" ) ]]; then
    return
  fi
  command -v mvn >/dev/null || { echo "demo.sh: nothing built and mvn is not on the PATH" >&2; exit 1; }
  echo "building (mvn -B -q -DskipTests package) ..."
  if mvn -B -q -DskipTests package >"$WORK/build.log" 2>&1; then
    return
  fi
  if [[ -f "$DEMO_JAR" && -d "$DEMO_LIB" ]]; then
    # demo-app builds on its own; only the agent's column will say it is missing.
    echo "demo.sh: the build failed, the agent run will too:" >&2
    show_tail "$WORK/build.log"
    return
  fi
  echo "demo.sh: the build failed:" >&2
  show_tail "$WORK/build.log" 30
  exit 1
}

# start_simulator DIR: starts a fresh simulator on a free port, sets SIM_PID and BASE_URL.
start_simulator() {
  local dir=$1 waited=0 ready
  java -cp "$CLASSPATH_DEMO" dev.tokenguard.demo.carrier.CarrierSimulatorMain \
    --port 0 "${SIM_FLAGS[@]}" >"$dir/simulator.log" 2>&1 &
  SIM_PID=$!
  CHILDREN+=("$SIM_PID")
  while :; do
    ready=$(grep -m1 -oE 'carrier-simulator listening on http://127\.0\.0\.1:[0-9]+' "$dir/simulator.log" || true)
    if [[ -n "$ready" ]]; then
      BASE_URL=${ready##* }
      return
    fi
    if ! kill -0 "$SIM_PID" 2>/dev/null || ((waited >= 300)); then
      echo "demo.sh: the carrier simulator did not start:" >&2
      show_tail "$dir/simulator.log"
      exit 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

stop_simulator() {
  kill "$SIM_PID" 2>/dev/null || true
  wait "$SIM_PID" 2>/dev/null || true
}

# start_redis DIR: a redis-server of the demo's own on a free port, keeping nothing on disk; sets
# REDIS_PID and REDIS_PORT. One that finds its port taken exits at once, and another port is tried.
start_redis() {
  local dir=$1 attempt waited
  for attempt in 1 2 3 4 5; do
    REDIS_PORT=$((20000 + RANDOM % 40000))
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" \
      >"$dir/redis.log" 2>&1 &
    REDIS_PID=$!
    CHILDREN+=("$REDIS_PID")
    for ((waited = 0; waited < 100; waited++)); do
      if grep -q 'Ready to accept connections' "$dir/redis.log"; then
        return
      fi
      kill -0 "$REDIS_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill "$REDIS_PID" 2>/dev/null || true
    wait "$REDIS_PID" 2>/dev/null || true
  done
  echo "demo.sh: redis-server did not start:" >&2
  show_tail "$dir/redis.log"
  exit 1
}

stop_redis() {
  kill "$REDIS_PID" 2>/dev/null || true
  wait "$REDIS_PID" 2>/dev/null || true
}

# run_scenario DIR TITLE WITH_AGENT(0|1): a fresh simulator, INSTANCES client JVMs sharing it (the
# seed's production nodes behind one IP), then the simulator's stats. Returns 1 if a client failed,
# with the errors in DIR/FAILED.
run_scenario() {
  local dir=$1 title=$2 with_agent=$3 i status=0 jvm_options=()
  mkdir -p "$dir"
  start_simulator "$dir"
  local cluster=""
  if ((with_agent)); then
    if [[ $STORE == redis ]]; then
      start_redis "$dir"
      cluster=", one cluster on redis://127.0.0.1:$REDIS_PORT"
    fi
    write_agent_config "$dir/tokenguard.properties"
    jvm_options=("-javaagent:$AGENT_JAR=config=$dir/tokenguard.properties")
  fi
  local quota=""
  [[ $SCENARIO == api-burst ]] && quota=", API quota $API_RATE per client id"
  echo "$title: $INSTANCES x $USERS users of $CARRIER via $CLIENT for $RUN_SECONDS s against $BASE_URL$cluster$quota ..."
  local pids=()
  for ((i = 1; i <= INSTANCES; i++)); do
    java ${jvm_options[@]+"${jvm_options[@]}"} -cp "$CLASSPATH_DEMO" dev.tokenguard.demo.client.NaiveShippingClient \
      --base-url "$BASE_URL" --carrier "$CARRIER" --client "$CLIENT" --users "$USERS" \
      --seconds "$RUN_SECONDS" --think "$THINK" --label "$title, instance $i of $INSTANCES" \
      >"$dir/client-$i.out" 2>"$dir/client-$i.err" &
    pids+=($!)
    CHILDREN+=($!)
  done
  if ((with_agent)) && [[ $MODE == observe ]]; then
    switch_to_enforce "$dir" "${pids[@]}" &
    CHILDREN+=($!)
  fi
  for ((i = 1; i <= INSTANCES; i++)); do
    if ! wait "${pids[i - 1]}" || ! grep -q '^RESULT ' "$dir/client-$i.out"; then
      status=1
      {
        echo "client instance $i failed:"
        tail -n 8 "$dir/client-$i.err"
      } >>"$dir/FAILED"
    fi
  done
  if ! java -cp "$CLASSPATH_DEMO" dev.tokenguard.demo.client.FetchStats "$BASE_URL/__sim/stats" \
      >"$dir/stats.json" 2>"$dir/stats.err"; then
    status=1
    {
      echo "reading the simulator's stats failed:"
      cat "$dir/stats.err"
    } >>"$dir/FAILED"
  fi
  stop_simulator
  if ((with_agent)) && [[ $STORE == redis ]]; then
    stop_redis
  fi
  return $status
}

# switch_to_enforce DIR PID...: halfway through the run, what status says of the observed storm, then
# the switch of every instance to enforce, from the command line as an operator would.
switch_to_enforce() {
  local dir=$1 pid
  shift
  sleep $((RUN_SECONDS / 2))
  java -jar "$AGENT_JAR" status "$1" >"$dir/status-observe.txt" 2>&1 || true
  for pid in "$@"; do
    java -jar "$AGENT_JAR" mode enforce "$pid" >>"$dir/switch.txt" 2>&1 || true
  done
}

write_agent_config() {
  local hostport=${BASE_URL#http://}
  cat >"$1" <<EOF
carrier.$CARRIER.preset=$CARRIER
carrier.$CARRIER.api-hosts=$hostport
carrier.$CARRIER.token-url=$BASE_URL$TOKEN_PATH
EOF
  if [[ $SCENARIO == storm && $CARRIER == fedex ]]; then
    # The storm is about tokens: its simulator counts no API quota, and its users call far more often
    # than FedEx's 1,400 per 10 s allows, so the preset's quota policy would be all the table showed.
    echo "policy.fedex-api.enabled=false" >>"$1"
  fi
  if [[ $SCENARIO == api-burst ]]; then
    # The quota policy of issue 11, scaled like the simulator: the agent admits at most this many in
    # ANY interval of the window's length, so the carrier's fixed windows hold too.
    cat >>"$1" <<EOF
policy.$CARRIER-api.carrier=$CARRIER
policy.$CARRIER-api.per=credential
policy.$CARRIER-api.requests=$API_RATE
EOF
  fi
  if [[ $MODE == observe ]]; then
    echo "tokenguard.mode=observe" >>"$1"
  fi
  if [[ $STORE == redis ]]; then
    cat >>"$1" <<EOF
tokenguard.store=redis://127.0.0.1:$REDIS_PORT
tokenguard.cluster.name=demo
tokenguard.cluster.expected-instances=$INSTANCES
EOF
  fi
}

build_if_missing

COLUMNS_ARGS=()
if ! run_scenario "$WORK/without" "without agent" 0; then
  echo "demo.sh: the run without the agent failed:" >&2
  sed 's/^/    /' "$WORK/without/FAILED" >&2
  exit 1
fi
COLUMNS_ARGS+=("without agent=$WORK/without")

if ((WITH_AGENT)); then
  if [[ ! -f "$AGENT_JAR" ]]; then
    mkdir -p "$WORK/with"
    echo "$AGENT_JAR is missing" >"$WORK/with/FAILED"
  else
    run_scenario "$WORK/with" "with tokenguard$([[ $STORE == redis ]] && echo ' on redis')$([[ $MODE == observe ]] \
      && echo ", observe, then enforce after $((RUN_SECONDS / 2)) s")" 1 || true
  fi
  if [[ -f "$WORK/with/FAILED" ]]; then
    echo "demo.sh: the run with the agent failed:" >&2
    sed 's/^/    /' "$WORK/with/FAILED" >&2
  fi
  if [[ $MODE == observe ]]; then
    COLUMNS_ARGS+=("observe->enforce=$WORK/with")
  elif [[ $STORE == redis ]]; then
    COLUMNS_ARGS+=("tokenguard+redis=$WORK/with")
  else
    COLUMNS_ARGS+=("with tokenguard=$WORK/with")
  fi
fi

echo
if [[ $SCENARIO == api-burst ]]; then
  java -cp "$CLASSPATH_DEMO" dev.tokenguard.demo.client.ApiBurstTable "$CARRIER" "$API_RATE" "${COLUMNS_ARGS[@]}"
else
  java -cp "$CLASSPATH_DEMO" dev.tokenguard.demo.client.ComparisonTable "$CARRIER" "${COLUMNS_ARGS[@]}"
fi
if [[ $MODE == observe && -f "$WORK/with/status-observe.txt" ]]; then
  echo
  echo "status of the agent's run after $((RUN_SECONDS / 2)) s in observe mode, just before the switch:"
  sed 's/^/  /' "$WORK/with/status-observe.txt"
  echo
  sed 's/^/  /' "$WORK/with/switch.txt"
  echo "token calls the carrier saw, second by second (the switch at $((RUN_SECONDS / 2)) s):"
  for run in without with; do
    printf '  %-16s %s\n' "$([[ $run == with ]] && echo observe-enforce || echo 'without agent')" \
      "$(grep -oE '"tokenCallsPerSecond" *: *\[[^]]*\]' "$WORK/$run/stats.json" | head -n1 | sed 's/.*\[//; s/\]//; s/,/ /g')"
  done
fi
# A failed agent run is shown, not hidden: scripts running the demo see it in the exit status.
[[ ! -f "$WORK/with/FAILED" ]]
