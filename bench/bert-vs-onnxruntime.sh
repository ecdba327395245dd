#!/usr/bin/env bash
# SIREN's BERT encoder against ONNX Runtime on random-weight models of the all-MiniLM-L6-v2 (6 layers) and
# bge/e5-small (12 layers) shapes, both pinned to cores 0 and 1 (docs/BENCHMARKS.md, "BERT encoders").
# Needs python3 with torch, transformers and onnxruntime. Run from the repository root.
set -euo pipefail
source bin/jdk25.sh
# one reactor run: the sibling modules resolve from it (nothing is installed); the last file written is engine's
mvn -B -q -ntp -pl engine -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/target/bert-bench.cp" >/dev/null
CP="engine/target/classes:engine/target/test-classes:tokenizer/target/classes:$(cat target/bert-bench.cp)"
python3 bench/bert_onnxruntime_shapes.py
for run in "minilm-l6-shape 2" "bge-small-shape 2" "minilm-l6-shape 1"; do
  set -- $run
  taskset -c 0,1 java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "$CP" \
    dev.siren.engine.bert.BertFolderBenchmark "/tmp/$1" "$2" 2>&1 | grep -v 'WARNING: Using incubator'
done
