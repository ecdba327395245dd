#!/usr/bin/env bash
# The engine at each vector width the JVM can be limited to (512-bit AVX-512, 256-bit -XX:UseAVX=2, 128-bit
# -XX:UseAVX=0: SSE, no FMA), this checkout against an older build (BEFORE, e.g. a `git worktree` of main built with
# `./siren --version`), in alternating rounds so both see the same machine load (docs/BENCHMARKS.md, "Portability").
#   Decoder: ./siren bench --shape qwen3-0.6b (random bf16 weights), cases DECODER_CASES.
#   Encoder: ./siren bench --model bge-small-en-v1.5, cases ENCODER_CASES.
#   Kernel:  PanelGemmBenchmark, bf16 GEMM GFLOP/s on one thread (thread CPU time).
# Usage: [BEFORE=/tmp/siren-main] [ROUNDS=3] [THREADS=1] [REPEATS=3] [WIDTHS="512 256 128"] \
#        [DECODER_CASES=1x128,1x512,8x128] [DECODER_CASES_128=$DECODER_CASES] [ENCODER_CASES=1x128,1x512,8x128] \
#        bench/portability.sh [OUT_DIR]
# The older build runs at 256 and 128 bits only on ENCODER_CASES' first case once (it may be 100x slower there).
# Prints one table row per run; the JSON of every run is kept in OUT_DIR (default: a new temp folder).
set -euo pipefail
before=${BEFORE:-/tmp/siren-main} rounds=${ROUNDS:-3} threads=${THREADS:-1} repeats=${REPEATS:-3}
widths=${WIDTHS:-512 256 128}
decoder_cases=${DECODER_CASES:-1x128,1x512,8x128}
decoder_cases_128=${DECODER_CASES_128:-$decoder_cases}
encoder_cases=${ENCODER_CASES:-1x128,1x512,8x128}
out=${1:-$(mktemp -d /tmp/siren-portability.XXXX)}
mkdir -p "$out"
flags() { case $1 in 512) echo "" ;; 256) echo "-XX:UseAVX=2" ;; 128) echo "-XX:UseAVX=0" ;; esac; }

# one `siren bench`: LABEL SIREN_DIR WIDTH ARGS...; the JSON goes to OUT_DIR/LABEL.json, a summary line to stdout
bench() {
  local label=$1 dir=$2 width=$3; shift 3
  SIREN_JAVA_OPTS="$(flags "$width")" "$dir/siren" bench --threads "$threads" "$@" >"$out/$label.json" 2>"$out/$label.log" \
    || { echo "$label: failed, see $out/$label.log"; return 0; }
  python3 - "$out/$label.json" "$label" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
cells = ["%dx%d %.1f tok/s (CPU-time %.1f)" % (c["batch"], c["tokens"], c["tokens_per_s"], c["tokens_per_s_if_threads_unshared"])
         for c in r["results"]]
print("%-28s %-8s %s" % (sys.argv[2], r.get("vector_bits", "?"), " | ".join(cells)))
PY
}

./siren --version
[ -x "$before/siren" ] && echo "before: $before ($(git -C "$before" log --oneline -1 | cut -c1-60))"
./siren bench --shape qwen3-0.6b --cases 1x8 --repeats 1 --warmup 0 >/dev/null 2>&1  # builds; generates the model once
source bin/jdk25.sh
mvn -B -q -ntp -o -pl engine -am test-compile >/dev/null
cp="engine/target/classes:engine/target/test-classes:tokenizer/target/classes"
echo "== label, vector bits, results (wall tokens/s, and from CPU time: what the threads did when they ran)"
for round in $(seq "$rounds"); do
  for width in $widths; do
    for build in before after; do
      dir=.; [ $build = before ] && dir=$before
      [ $build = before ] && [ ! -x "$before/siren" ] && continue
      if [ $build = before ] && [ "$width" != 512 ]; then
        [ "$round" = 1 ] && bench "encoder-$width-$build" "$dir" "$width" --model bge-small-en-v1.5 \
            --cases "${encoder_cases%%,*}" --warmup 0 --repeats 1
        continue
      fi
      cases=$decoder_cases; [ "$width" = 128 ] && cases=$decoder_cases_128
      bench "decoder-$width-$build-r$round" "$dir" "$width" --shape qwen3-0.6b --cases "$cases" --repeats "$repeats"
      bench "encoder-$width-$build-r$round" "$dir" "$width" --model bge-small-en-v1.5 --cases "$encoder_cases" \
          --warmup 3 --repeats "$repeats"
    done
    [ "$round" = 1 ] && java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED $(flags "$width") \
        -cp "$cp" dev.siren.engine.kernels.PanelGemmBenchmark 2>/dev/null | tail -1
  done
done
echo "JSON and logs: $out"
