#!/usr/bin/env bash
# Bounded loopback load test of the guard service (docs/BENCHMARKS.md, "Guard service").
# Runs the service on a KeywordGuard with a simulated model cost (and, with GUARD=DIR, on a real SirenGuard through
# ./siren serve), drives it with wrk against 127.0.0.1 only, and prints req/s, p50/p99, errors, mean batch size and
# the server's RSS before and after each run. Needs wrk (apt-get install wrk).
# Usage: [GUARD=HEAD_DIR_OR_NAME [ONLY_GUARD=1]] bench/server-load.sh [DURATION_S=10] [CONNECTIONS=32]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-10}"
CONNECTIONS="${2:-32}"
PORT=18080
source "$ROOT/bin/jdk25.sh"
cd "$ROOT"
mvn -B -q -ntp -pl server -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/siren-bench-cp.txt \
  -Dmdep.includeScope=test >/dev/null
CP="server/target/classes:server/target/test-classes:guard-testkit/target/classes:guard/target/classes:$(cat /tmp/siren-bench-cp.txt)"

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

measure() { # NAME then the command that starts the server on $PORT
  local name="$1"; shift
  "$@" >/tmp/siren-bench-server.log 2>&1 &
  local pid=$!
  trap "kill -TERM $pid 2>/dev/null || true" EXIT
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null && break; sleep 0.2; done
  curl -sf "http://127.0.0.1:$PORT/v1/score" -d '{"prompt":"warm up"}' >/dev/null
  local before; before=$(rss_kb "$pid")
  # Warm-up (JIT), then the measured run.
  timeout 60 wrk -t2 -c"$CONNECTIONS" -d3s -s bench/score.lua "http://127.0.0.1:$PORT" >/dev/null
  local result; result=$(timeout 120 wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/score.lua "http://127.0.0.1:$PORT" | grep RESULT)
  local after; after=$(rss_kb "$pid")
  local batches; batches=$(curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^siren_batch_size_sum/ {s=$2} /^siren_batch_size_count/ {c=$2} END {printf "%.1f", s/c}')
  kill -TERM "$pid"; wait "$pid" || true
  echo "$name | ${result#RESULT } mean_batch=$batches rss_before_mb=$((before / 1024)) rss_after_mb=$((after / 1024))"
}

fake() { # COST_PER_BATCH_MS COST_PER_TEXT_MS MAX_BATCH MAX_QUEUED_TOKENS
  exec java -Xmx512m -cp "$CP" dev.siren.server.bench.LoadTestServer "$PORT" "$@" # exec: $! is the JVM itself
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "wrk -t2 -c$CONNECTIONS -d${DURATION}s, POST /v1/score, 127.0.0.1"
if [ -z "${ONLY_GUARD:-}" ]; then
  measure "free guard, batching (max 32)"              fake 0 0   32 1024
  measure "5ms+0.5ms/text guard, batching (max 32)"    fake 5 0.5 32 1024
  measure "5ms+0.5ms/text guard, no batching (max 1)"  fake 5 0.5 1  1024
  measure "5ms+0.5ms/text guard, no batching, queue 80 tokens" fake 5 0.5 1  80
fi
if [ -n "${GUARD:-}" ]; then
  measure "SirenGuard $GUARD, batching (max 32)" env SIREN_JAVA_OPTS=-Xmx512m ./siren serve --guard "$GUARD" --port "$PORT"
  measure "SirenGuard $GUARD, no batching (max 1)" env SIREN_JAVA_OPTS=-Xmx512m ./siren serve --guard "$GUARD" --port "$PORT" --max-batch-size 1
fi
