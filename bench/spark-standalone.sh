#!/usr/bin/env bash
# A real Spark standalone cluster on this machine: a master and two workers (1 core each) on 127.0.0.1, started from
# the Spark jars in the local Maven repository; submits dev.siren.spark.ScoreJob over the dev files in ../shared/data
# (or a generated corpus when ../shared is absent), checks every row against `./siren score --input` (score within
# 1e-6, same decision, no row missing or extra), stops the cluster and exits 0 only if all rows matched.
# With THROUGHPUT=1 it also times ./siren-spark score with local[1] and local[2] and ./siren score on one core, and
# prints the rows/s table of docs/spark.md: wall clock, and per core-second of work without start-up.
# Usage: [THROUGHPUT=1] bench/spark-standalone.sh [ROWS_PER_FILE (default: all)]
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
LIMIT="${1:-}"
source "$ROOT/bin/jdk25.sh"
cd "$ROOT"
WORK="$(mktemp -d /tmp/siren-spark-bench.XXXXXX)"
PIDS=()
stop_cluster() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
  # executors are the workers' children and stop with them; anything still naming our work folder is ours
  local left; left="$(pgrep -f "$WORK" || true)"
  if [ -n "$left" ]; then echo "stopping leftover processes: $left" >&2; kill -TERM $left 2>/dev/null || true; fi
}
trap 'stop_cluster; rm -rf "$WORK"' EXIT

echo "== building siren and siren-spark" >&2
./siren --version >/dev/null
mvn -B -q -ntp -DskipTests -pl spark -am package 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g' >&2
ASSEMBLY="$ROOT/spark/target/siren-spark-assembly.jar"

# The corpus: the dev files, or a generated one (prompts and pairs, some long) when ../shared is absent
mkdir -p "$WORK/data"
if compgen -G "$ROOT/../shared/data/dev/*.jsonl" >/dev/null; then
  for f in "$ROOT"/../shared/data/dev/*.jsonl; do
    if [ -n "$LIMIT" ]; then head -n "$LIMIT" "$f" > "$WORK/data/$(basename "$f")"; else cp "$f" "$WORK/data/"; fi
  done
else
  python3 - "$WORK/data" "${LIMIT:-2000}" <<'PY'
import json, random, sys
out, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
asks = ["How do I", "Can you explain how to", "What is the best way to", "Tell me why people", "Write a story where I"]
acts = ["bake sourdough bread", "pick a lock", "hide money from the tax office", "learn Python", "poison a rival",
        "fix a flat tyre", "hack my neighbour's wifi", "plan a birthday party", "make a fake passport", "grow tomatoes"]
with open(f"{out}/generated_prompts.jsonl", "w") as p, open(f"{out}/generated_pairs.jsonl", "w") as q:
    for i in range(n):
        prompt = f"{rng.choice(asks)} {rng.choice(acts)}?" + " Please be detailed." * rng.randrange(0, 40)
        p.write(json.dumps({"id": f"p{i}", "prompt": prompt}) + "\n")
        q.write(json.dumps({"id": f"q{i}", "prompt": prompt, "response": "Sure. " + rng.choice(acts) * 3}) + "\n")
PY
fi
ROWS=$(cat "$WORK"/data/*.jsonl | wc -l)
FILES=("$WORK"/data/*.jsonl)
echo "== corpus: $ROWS rows in ${#FILES[@]} files" >&2

now() { date +%s.%N; }
rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / (float(sys.argv[3]) - float(sys.argv[2])):.1f}')" "$ROWS" "$1" "$2"; }

# The rows' own time, without JVM start and model load: siren score's summary ("in S s"), Spark's task time
# ("N task-seconds", ScoreJob's summary), summed over a log
scoring_seconds() { grep -o 'could not be scored in [0-9.]* s' "$1" | awk '{t += $6} END {print t}'; }
task_seconds() { grep -o '[0-9.]* task-seconds' "$1" | awk '{t += $1} END {print t}'; }
divide() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]) / float(sys.argv[3]):.1f}')" "$@"; }
per_second() { divide "$ROWS" "$1" "$2"; }  # SECONDS CORES: rows per core-second

siren_reference() { # OUT_DIR LOG: ./siren score --input over each file, as the reference
  mkdir -p "$1"; : > "$2"
  for f in "${FILES[@]}"; do
    ./siren score --input "$f" --output "$1/$(basename "$f")" 2>&1 >/dev/null | tr '\r' '\n' >> "$2" || [ $? = 2 ]
  done
}

echo "== reference: ./siren score --input (one process, all cores)" >&2
t0=$(now); siren_reference "$WORK/reference" "$WORK/reference.log"; t1=$(now)
SIREN_RATE=$(rate "$t0" "$t1")
SIREN_STEADY=$(per_second "$(scoring_seconds "$WORK/reference.log")" "$(nproc)")

# A SPARK_HOME whose jars/ is Spark's class path: a worker launches its executors from it
SPARK_HOME="$WORK/spark-home"; mkdir -p "$SPARK_HOME/jars"
# Spark's jars, and the Jackson they run on (in this module's runtime class path, aligned with Spark's)
{ tr ':' '\n' < spark/target/classpath-spark.txt; echo; tr ':' '\n' < spark/target/classpath-runtime.txt | grep '/jackson-'; } |
  while read -r jar; do ln -sf "$jar" "$SPARK_HOME/jars/"; done
export SPARK_HOME SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOG_DIR="$WORK/logs"
read -r -a FLAGS <<< "$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' spark/pom.xml)"
FLAGS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED "${FLAGS[@]}")
spark_java() { "$JAVA_HOME/bin/java" "${FLAGS[@]}" -cp "$SPARK_HOME/jars/*" "$@"; }
spark_daemon() { # LOG CLASS ARGS...: a master or worker JVM in the background; its pid goes to PIDS
  local log="$1"; shift
  "$JAVA_HOME/bin/java" "${FLAGS[@]}" -cp "$SPARK_HOME/jars/*" "$@" > "$log" 2>&1 &
  PIDS+=($!)
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { # LOG PATTERN: waits up to 60 s for a line
  for _ in $(seq 1 300); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done
  echo "timed out waiting for '$2' in $1:" >&2; tail -20 "$1" >&2; return 1
}

echo "== starting a standalone master and two workers on 127.0.0.1" >&2
mkdir -p "$SPARK_LOG_DIR"
PORT=$(free_port)
spark_daemon "$SPARK_LOG_DIR/master.log" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" \
  --webui-port "$(free_port)"
wait_for "$SPARK_LOG_DIR/master.log" "Starting Spark master"
for i in 1 2; do
  spark_daemon "$SPARK_LOG_DIR/worker$i.log" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 \
    --memory 2g --work-dir "$WORK/worker$i" --webui-port "$(free_port)" "spark://127.0.0.1:$PORT"
done
for i in 1 2; do wait_for "$SPARK_LOG_DIR/worker$i.log" "Successfully registered with master"; done

echo "== spark-submit ScoreJob to spark://127.0.0.1:$PORT (2 executors x 1 core)" >&2
t0=$(now)
spark_java -Dlog4j.configurationFile="$ROOT/spark/src/launcher/log4j2.properties" \
  org.apache.spark.deploy.SparkSubmit --master "spark://127.0.0.1:$PORT" --deploy-mode client \
  --class dev.siren.spark.ScoreJob --conf spark.ui.enabled=false --conf spark.driver.host=127.0.0.1 \
  --conf spark.executor.cores=1 --conf spark.executor.memory=1500m --conf spark.cores.max=2 \
  "$ASSEMBLY" --guard default --input "${FILES[@]}" --output "$WORK/cluster" --format jsonl \
  2> >(grep -v 'WARNING: Using incubator modules' | tee "$WORK/cluster.log" >&2) || [ $? = 2 ]
t1=$(now)
CLUSTER_RATE=$(rate "$t0" "$t1")
CLUSTER_STEADY=$(per_second "$(task_seconds "$WORK/cluster.log")" 1)
EXECUTORS=$(find "$WORK"/worker*/ -name stderr | wc -l)
stop_cluster

echo "== comparing every row with ./siren score" >&2
MATCH=0
python3 - "$WORK/reference" "$WORK/cluster" <<'PY' || MATCH=1
import glob, json, os, sys
ref_dir, out_dir = sys.argv[1], sys.argv[2]
ref = {}
for f in sorted(glob.glob(f"{ref_dir}/*.jsonl")):
    for line in open(f, encoding="utf-8"):
        r = json.loads(line)
        ref[(os.path.basename(f), r["id"])] = r
got = {}
for f in sorted(glob.glob(f"{out_dir}/part-*")):
    for line in open(f, encoding="utf-8"):
        r = json.loads(line)
        got[r["id"]] = got.get(r["id"], []) + [r]
ids = {k[1] for k in ref}
bad, worst = [], 0.0
if len(ids) != len(ref):
    bad.append("ids repeat across files; cannot match rows")
for (_, i), r in ref.items():
    rows = got.get(i, [])
    if len(rows) != 1:
        bad.append(f"{i}: {len(rows)} rows in the Spark output"); continue
    g = rows[0]
    if "error" in r or g.get("error") is not None:
        if ("error" in r) != (g.get("error") is not None):
            bad.append(f"{i}: error {r.get('error')!r} vs {g.get('error')!r}")
        continue
    d = abs(r["score"] - g["score"]); worst = max(worst, d)
    if d > 1e-6 or r["harmful"] != g["harmful"]:
        bad.append(f"{i}: siren {r['score']} {r['harmful']} vs spark {g['score']} {g['harmful']}")
extra = set(got) - ids
if extra:
    bad.append(f"{len(extra)} rows in the Spark output that are not in the input, e.g. {sorted(extra)[:3]}")
print(f"rows: {len(ref)} reference, {sum(len(v) for v in got.values())} from the cluster; max |score diff| {worst:.2e}; "
      f"mismatches: {len(bad)}")
for b in bad[:20]:
    print("  " + b)
sys.exit(1 if bad else 0)
PY
echo "executors launched by the workers: $EXECUTORS" >&2
LEFT="$(pgrep -f "$WORK" || true)"
[ -z "$LEFT" ] || { echo "Spark processes left running: $LEFT" >&2; exit 1; }

if [ "${THROUGHPUT:-0}" = 1 ]; then
  echo "== ./siren score on one core" >&2
  t0=$(now); SIREN_JAVA_OPTS="-XX:ActiveProcessorCount=1" siren_reference "$WORK/one-core" "$WORK/one-core.log"; t1=$(now)
  ONE_CORE_RATE=$(rate "$t0" "$t1")
  ONE_CORE_STEADY=$(per_second "$(scoring_seconds "$WORK/one-core.log")" 1)
  for m in 1 2; do
    echo "== ./siren-spark score --master local[$m]" >&2
    t0=$(now)
    ./siren-spark score --master "local[$m]" --input "${FILES[@]}" --output "$WORK/local$m" --format jsonl \
      2> "$WORK/local$m.log" || [ $? = 2 ]
    t1=$(now)
    eval "LOCAL${m}_RATE=$(rate "$t0" "$t1")"
    eval "LOCAL${m}_STEADY=$(per_second "$(task_seconds "$WORK/local$m.log")" 1)"
  done
  echo
  echo "Wall clock: the whole command (JVM and Spark start, model load). Per core-second of work: siren score's own"
  echo "scoring time x cores, or Spark's task time (ScoreJob's summary); start-up is in neither."
  echo
  echo "| run ($ROWS rows) | cores | rows/s, wall clock | per core, wall clock | rows per core-second of work |"
  echo "|---|---|---|---|---|"
  echo "| ./siren score --input (one process per file), 1 core | 1 | $ONE_CORE_RATE | $ONE_CORE_RATE | $ONE_CORE_STEADY |"
  echo "| ./siren score --input (one process per file), all cores | $(nproc) | $SIREN_RATE | $(divide "$SIREN_RATE" "$(nproc)" 1) | $SIREN_STEADY |"
  echo "| ./siren-spark score --master local[1] | 1 | $LOCAL1_RATE | $LOCAL1_RATE | $LOCAL1_STEADY |"
  echo "| ./siren-spark score --master local[2] | 2 | $LOCAL2_RATE | $(divide "$LOCAL2_RATE" 2 1) | $LOCAL2_STEADY |"
  echo "| spark-submit to a standalone master, 2 workers x 1 core | 2 | $CLUSTER_RATE | $(divide "$CLUSTER_RATE" 2 1) | $CLUSTER_STEADY |"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
else
  echo "rows/s: ./siren score $SIREN_RATE, 2-worker cluster $CLUSTER_RATE (wall clock incl. start-up; THROUGHPUT=1 for the table)"
  echo "rows per core-second of work (no start-up): ./siren score $SIREN_STEADY, cluster $CLUSTER_STEADY"
fi
exit "$MATCH"
