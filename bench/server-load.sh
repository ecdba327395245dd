#!/usr/bin/env bash
# Bounded loopback load test of the guard service (docs/BENCHMARKS.md, "Guard service").
# Runs the service on a KeywordGuard with a simulated model cost (and, with GUARD=DIR, on a real SirenGuard through
# ./siren serve), drives it with wrk against 127.0.0.1 only, and prints req/s, p50/p99, errors, mean batch size, the
# server's RSS before and after each run and its open file descriptors at the end. Needs wrk (apt-get install wrk).
# ATTACK=1 also runs every configuration with bench/attacker.py in parallel (slowloris connections, half-sent bodies
# and 8 MB bodies). BASELINE=GIT_REV builds that revision in /tmp and runs each configuration on it and on this
# tree in alternation, ROUNDS times (default 1), so both see the same machine load (with GUARD: through each tree's
# own ./siren serve, batching only).
# Usage: [GUARD=HEAD_DIR_OR_NAME [ONLY_GUARD=1]] [ATTACK=1] [BASELINE=REV [ROUNDS=N]] bench/server-load.sh [DURATION_S=10] [CONNECTIONS=32]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-10}"
CONNECTIONS="${2:-32}"
PORT=18080
source "$ROOT/bin/jdk25.sh"

classpath() { # TREE: compiles the service and its test helpers there, prints their classpath
  (cd "$1" && mvn -B -q -ntp -o -pl server -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$1/server/target/bench-cp.txt" -Dmdep.includeScope=test >/dev/null)
  echo "$1/server/target/classes:$1/server/target/test-classes:$1/guard-testkit/target/classes:$1/guard/target/classes:$(cat "$1/server/target/bench-cp.txt")"
}
CP="$(classpath "$ROOT")"
if [ -n "${BASELINE:-}" ]; then
  BASE_TREE="/tmp/siren-bench-$(git -C "$ROOT" rev-parse --short "$BASELINE")"
  [ -d "$BASE_TREE" ] || { mkdir -p "$BASE_TREE" && git -C "$ROOT" archive "$BASELINE" | tar -x -C "$BASE_TREE"; }
  BASE_CP="$(classpath "$BASE_TREE")"
fi
cd "$ROOT"

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

measure() { # NAME then the command that starts the server on $PORT
  local name="$1"; shift
  "$@" >/tmp/siren-bench-server.log 2>&1 &
  local pid=$!
  trap "kill -TERM $pid 2>/dev/null || true" EXIT
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null && break; sleep 0.2; done
  curl -sf "http://127.0.0.1:$PORT/v1/score" -d '{"prompt":"warm up"}' >/dev/null
  local before; before=$(rss_kb "$pid")
  local attacker="" attack_out=/tmp/siren-bench-attack.txt
  if [ -n "${ATTACK:-}" ]; then
    python3 bench/attacker.py "$PORT" $((DURATION + 5)) >"$attack_out" 2>&1 &
    attacker=$!
  fi
  # Warm-up (JIT), then the measured run.
  timeout 60 wrk -t2 -c"$CONNECTIONS" -d3s -s bench/score.lua "http://127.0.0.1:$PORT" >/dev/null
  local result; result=$(timeout 120 wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/score.lua "http://127.0.0.1:$PORT" | grep RESULT)
  local after; after=$(rss_kb "$pid")
  local fds; fds=$(ls "/proc/$pid/fd" | wc -l)
  local batches; batches=$(curl -s -m 5 "http://127.0.0.1:$PORT/metrics" | awk '/^siren_batch_size_sum/ {s=$2} /^siren_batch_size_count/ {c=$2} END {if (c) printf "%.1f", s/c; else printf "?"}')
  local attack=""
  if [ -n "$attacker" ]; then wait "$attacker" || true; attack=" | $(cat "$attack_out")"; fi
  local stop_start; stop_start=$(date +%s.%N)
  kill -TERM "$pid"; wait "$pid" || true
  local stop_s; stop_s=$(echo "$(date +%s.%N) - $stop_start" | bc)
  echo "$name | ${result#RESULT } mean_batch=$batches rss_before_mb=$((before / 1024)) rss_after_mb=$((after / 1024)) fds_end=$fds stop_s=$(printf %.1f "$stop_s")$attack"
}

fake() { # CLASSPATH COST_PER_BATCH_MS COST_PER_TEXT_MS MAX_BATCH MAX_QUEUED_TOKENS (texts before the token budgets)
  local cp="$1"; shift
  exec java -Xmx512m -cp "$cp" dev.siren.server.bench.LoadTestServer "$PORT" "$@" # exec: $! is the JVM itself
}

fake_runs() { # LABEL CLASSPATH
  measure "$1 free guard, batching (max 32)"              fake "$2" 0 0   32 1024
  measure "$1 5ms+0.5ms/text guard, batching (max 32)"    fake "$2" 5 0.5 32 1024
  if [ -z "${BASELINE:-}" ]; then
    measure "$1 5ms+0.5ms/text guard, no batching (max 1)"  fake "$2" 5 0.5 1  1024
    measure "$1 5ms+0.5ms/text guard, no batching, queue 80 tokens" fake "$2" 5 0.5 1  80
  fi
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk -t2 -c$CONNECTIONS -d${DURATION}s, POST /v1/score, 127.0.0.1${ATTACK:+, with bench/attacker.py}"
if [ -z "${ONLY_GUARD:-}" ]; then
  for round in $(seq 1 "${ROUNDS:-1}"); do
    if [ -n "${BASELINE:-}" ]; then
      if [ $((round % 2)) = 1 ]; then fake_runs "[base $BASELINE]" "$BASE_CP"; fake_runs "[this tree]" "$CP"
      else fake_runs "[this tree]" "$CP"; fake_runs "[base $BASELINE]" "$BASE_CP"; fi
    else
      fake_runs "" "$CP"
    fi
  done
fi
if [ -n "${GUARD:-}" ] && [ -n "${BASELINE:-}" ]; then
  # the baseline's own ./siren launcher and server, alternating with this tree's
  (cd "$BASE_TREE" && mvn -B -q -ntp -o -DskipTests -pl cli -am package >/dev/null)
  for round in $(seq 1 "${ROUNDS:-1}"); do
    measure "[base $BASELINE] SirenGuard $GUARD, batching (max 32)" "$BASE_TREE/siren" serve --guard "$GUARD" --port "$PORT"
    measure "[this tree] SirenGuard $GUARD, batching (max 32)" ./siren serve --guard "$GUARD" --port "$PORT"
  done
elif [ -n "${GUARD:-}" ]; then
  measure "SirenGuard $GUARD, batching (max 32)" ./siren serve --guard "$GUARD" --port "$PORT"
  measure "SirenGuard $GUARD, no batching (max 1)" ./siren serve --guard "$GUARD" --port "$PORT" --max-batch-size 1
  # the launcher's JVM flags before serve had its own: ParallelGC, heap up to a quarter of RAM
  measure "SirenGuard $GUARD, batching (max 32), ParallelGC, no heap cap" \
    env SIREN_JAVA_OPTS="-XX:+UseParallelGC -Xmx$(awk '/MemTotal/ {print int($2/4096)}' /proc/meminfo)m" \
    ./siren serve --guard "$GUARD" --port "$PORT"
fi
