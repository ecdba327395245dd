#!/usr/bin/env bash
# Runs a training benchmark class (docs/BENCHMARKS.md): ./train/bench.sh CLASS ARGS...
#   ./train/bench.sh TrainingBenchmark ROWS WIDTH [TRIALS FOLDS]
#   ./train/bench.sh CachedFeatureExperiment CACHE_DIR KEY LAYERS HIDDEN VARIANT TRAIN_DIR DEV_DIR
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bin/jdk25.sh"
cd "$ROOT"
mvn -B -q -ntp -pl train -am test-compile
M2="${HOME}/.m2/repository"
CP="train/target/classes:train/target/test-classes:guard/target/classes:engine/target/classes:tokenizer/target/classes"
CP="$CP:$M2/de/bwaldvogel/liblinear/2.44/liblinear-2.44.jar"
for j in jackson-databind/2.23.0/jackson-databind-2.23.0 jackson-core/2.23.0/jackson-core-2.23.0 jackson-annotations/2.23/jackson-annotations-2.23; do
  CP="$CP:$M2/com/fasterxml/jackson/core/$j.jar"
done
CLASS="$1"; shift
exec java --add-modules jdk.incubator.vector ${BENCH_JAVA_OPTS:-} -cp "$CP" "dev.siren.train.bench.$CLASS" "$@" 2> >(grep -v 'WARNING: Using incubator' >&2)
