#!/usr/bin/env bash
# Fairness under attack, on loopback (docs/BENCHMARKS.md, "Guard service: one client against another"): runs
# `siren serve` on a real guard and, for each scenario (no attacker; an attacker flooding ~1 MB moderation requests;
# an attacker streaming into 32 sessions), measures a victim's small /v1/score requests from 127.0.0.1 while the
# attacker sends from 127.0.0.2 (server/src/test/.../bench/FairnessLoad.java). Prints the victim's p50/p99/max, the
# status codes of both, and the server's RSS.
# SIREN=path/to/siren picks the build under test (default: this checkout's), e.g. another worktree for a baseline.
# Usage: [SIREN=...] [GUARD=default] [SCENARIOS="alone flood sessions"] bench/server-fairness.sh [SECONDS=40]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_RUN="${1:-40}"
SIREN="${SIREN:-$ROOT/siren}"
GUARD="${GUARD:-default}"
PORT=18081
source "$ROOT/bin/jdk25.sh"
cd "$ROOT"
mvn -B -q -ntp -pl server -am test-compile
CP="server/target/test-classes"
"$SIREN" --help >/dev/null # builds that siren if needed, outside the measurement

rss_mb() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$1/status"; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "server: $SIREN serve --guard $GUARD (-Xmx1g), $(git -C "$(dirname "$SIREN")" rev-parse --short HEAD)"
for scenario in ${SCENARIOS:-alone flood sessions}; do
  SIREN_JAVA_OPTS=-Xmx1g "$SIREN" serve --guard "$GUARD" --port "$PORT" >/tmp/siren-fairness-server.log 2>&1 &
  pid=$!
  trap "kill -TERM $pid 2>/dev/null || true" EXIT
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null && break; sleep 0.2; done
  for _ in 1 2 3; do curl -sf "http://127.0.0.1:$PORT/v1/score" -d '{"prompt":"warm up"}' >/dev/null; done
  result=$(timeout $((SECONDS_PER_RUN + 120)) java -cp "$CP" dev.siren.server.bench.FairnessLoad "$PORT" "$scenario" "$SECONDS_PER_RUN" | grep RESULT)
  rss=$(rss_mb "$pid") # siren execs the JVM: $pid is the server itself
  kill -TERM "$pid"; wait "$pid" || true
  echo "${result#RESULT } | server_rss_mb=$rss"
done
