#!/usr/bin/env bash
# SIREN against its native peers, in one run on one machine, rounds alternating so that every implementation sees
# the same load (docs/BENCHMARKS.md, "SIREN against PyTorch, transformers and ONNX Runtime"):
#   Decoder (prefill with every layer's states pooled; random bf16 models of each shape in DECODER_SHAPES, cases
#   DECODER_CASES): `siren bench` at each vector width in WIDTHS (512: the JVM's default on AVX-512; 256:
#   -XX:UseAVX=2; 128: -XX:UseAVX=0, SSE without FMA; 128fma: -Dsiren.vector.bits=128, 128-bit vectors with FMA and
#   32 registers as on ARM NEON; 512native: 512 bits with the optional native bf16 GEMM, built here by
#   bin/build-native-gemm.sh; 512huge: 512 bits with weights on 2 MB pages), against bench/pytorch_prefill.py: plain
#   PyTorch and HF transformers (every hidden state), bf16 and fp32 weights, each with PyTorch's own instruction set
#   and limited to AVX2 (ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2).
#   Encoders (bge-small-en-v1.5, all-minilm-l6-v2): 64-token p50 latency and batch-32 throughput at ENCODER_LENGTHS,
#   `siren bench --model NAME` at each width in ENCODER_WIDTHS, against ONNX Runtime (bench/encoder_onnxruntime.py)
#   on the langchain4j ONNX file SIREN embeds and on a fresh transformers export.
#   Roofline: FmaPeakBenchmark (the fp32 FMA peak of one core, or multiply + add without FMA) and
#   PanelGemmBenchmark (bf16 GEMM, one thread) at each width, once; bench/native_gemm.py, PyTorch's GEMM at the same
#   shape (bf16 through oneDNN, fp32), the bound for a native bf16 GEMM.
# Then bench/compare_report.py writes OUT_DIR/summary.json and OUT_DIR/summary.md (tokens/s, GFLOP/s against the
# roof, ratios to 512 bits and to the best peer).
#
# Usage: [SHORT=1] [ROUNDS=2] [THREADS=2] [PYTHON=/work/venv/bin/python] bench/compare.sh [OUT_DIR]
#   Full run (the defaults): about 2 h on a quiet 2-core Zen 5 VM (estimate; PyTorch limited to AVX2 and the
#   Llama shape are most of it); SHORT=1, a smoke run of every step with one small case each: 16 min on a loaded VM.
#   PARTS="encoder" (or "decoder") runs only that half; the roofline runs with either.
#   Other knobs: DECODER_SHAPES, DECODER_CASES, REPEATS, WIDTHS, ENCODERS, ENCODER_WIDTHS, ENCODER_LENGTHS,
#   TORCH_CONFIGS (e.g. "plain-bf16 plain-fp32 transformers-bf16 transformers-fp32"), TORCH_ISAS ("native avx2").
# Needs a python with torch, transformers, onnxruntime and onnx (PYTHON); run from the repository root.
set -euo pipefail
short=${SHORT:-0}
if [ "$short" = 1 ]; then
  rounds=${ROUNDS:-1} repeats=${REPEATS:-1} decoder_cases=${DECODER_CASES:-1x128} shapes=${DECODER_SHAPES:-qwen3-0.6b}
  encoder_lengths=${ENCODER_LENGTHS:-14,128} latency_warmup=20 latency_calls=10 ort_batch_s=0.5 warmup_s=1
else
  rounds=${ROUNDS:-2} repeats=${REPEATS:-3} decoder_cases=${DECODER_CASES:-1x128,1x512,8x128}
  shapes=${DECODER_SHAPES:-qwen3-0.6b llama3.2-1b}
  encoder_lengths=${ENCODER_LENGTHS:-14,85,128,512} latency_warmup=100 latency_calls=50 ort_batch_s=3 warmup_s=3
fi
threads=${THREADS:-2} python=${PYTHON:-/work/venv/bin/python} parts=${PARTS:-decoder encoder}
default_widths="512 256 128 128fma"
# the native bf16 GEMM where this CPU has AVX512-BF16 and a C compiler is here
grep -qw avx512_bf16 /proc/cpuinfo 2>/dev/null && command -v "${CC:-gcc}" >/dev/null && default_widths="512 512native ${default_widths#512 }"
widths=${WIDTHS:-$default_widths} encoder_widths=${ENCODER_WIDTHS:-512 256}
encoders=${ENCODERS:-bge-small-en-v1.5 all-minilm-l6-v2}
torch_configs=${TORCH_CONFIGS:-plain-bf16 plain-fp32 transformers-bf16 transformers-fp32}
torch_isas=${TORCH_ISAS:-native avx2}
case " $parts " in *" decoder "*) ;; *) shapes="" ;; esac
case " $parts " in *" encoder "*) ;; *) encoders="" ;; esac
cache=${SIREN_CACHE:-$HOME/.cache/siren}
out=${1:-$(mktemp -d /tmp/siren-compare.XXXX)}
mkdir -p "$out"
started=$(date +%s)
native_lib=$out/libsiren_bf16_gemm.so
java_flags() {
  case $1 in
    512) echo "" ;; 256) echo "-XX:UseAVX=2" ;; 128) echo "-XX:UseAVX=0" ;; 128fma) echo "-Dsiren.vector.bits=128" ;;
    512native) echo "-Dsiren.native.gemm=$native_lib" ;; 512huge) echo "-Dsiren.huge.pages=true" ;;
  esac
}
log() { echo "[$(date -u +%H:%M:%S)] $*"; }

# one measurement: NAME COMMAND...; stdout (JSON) to OUT/NAME.json, stderr to OUT/NAME.log; a failure is logged and
# recorded (the report shows it), the run goes on
measure() {
  local name=$1; shift
  log "$name"
  "$@" >"$out/$name.json" 2>"$out/$name.log" || { log "  FAILED (exit $?), see $out/$name.log"; rm -f "$out/$name.json"; }
}
siren_bench() { local width=$1; shift; SIREN_JAVA_OPTS="$(java_flags "$width")" ./siren bench --threads "$threads" "$@"; }
torch_bench() { # CONFIG ISA MODEL
  local impl=${1%-*} dtype=${1##*-}
  if [ "$2" = avx2 ]; then
    ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 "$python" bench/pytorch_prefill.py --model "$3" --impl "$impl" \
        --dtype "$dtype" --threads "$threads" --cases "$decoder_cases" --repeats "$repeats"
  else
    "$python" bench/pytorch_prefill.py --model "$3" --impl "$impl" --dtype "$dtype" --threads "$threads" \
        --cases "$decoder_cases" --repeats "$repeats"
  fi
}
reversed() { local r=""; for w in "$@"; do r="$w $r"; done; echo $r; }

{
  ./siren --version
  "$python" -c 'import torch, transformers, onnxruntime; print("torch", torch.__version__, "transformers", transformers.__version__, "onnxruntime", onnxruntime.__version__)'
  grep -m1 'model name' /proc/cpuinfo; nproc; uptime
} | tee "$out/environment.txt"
log "setup: models, ONNX files, kernel benchmarks"
for shape in $shapes; do  # builds siren; generates each random model once
  ./siren bench --shape "$shape" --cases 1x8 --repeats 1 --warmup 0 >/dev/null 2>"$out/setup-$shape.log"
  cp "$cache/bench/$shape-bf16/config.json" "$out/config__$shape.json"
done
for enc in $encoders; do  # extracts the embedded ONNX file into the cache
  ./siren bench --model "$enc" --cases 1x8 --repeats 1 --warmup 0 >/dev/null 2>>"$out/setup-encoders.log"
  [ -f "$out/$enc-export.onnx" ] || "$python" bench/encoder_onnxruntime.py --export "$enc" --out "$out/$enc-export.onnx" 2>>"$out/setup-encoders.log"
done
case " $widths " in *" 512native "*) bin/build-native-gemm.sh "$native_lib" >/dev/null ;; esac
source bin/jdk25.sh
mvn -B -q -ntp -o -pl engine -am test-compile >/dev/null
for width in $widths; do
  for kernel in FmaPeakBenchmark PanelGemmBenchmark; do
    java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED $(java_flags "$width") \
        -cp engine/target/classes:engine/target/test-classes:tokenizer/target/classes "dev.siren.engine.kernels.$kernel" 2>/dev/null | tail -1 \
        | tee "$out/kernel__${kernel}__$width.txt"
  done
done
# what a native bf16 GEMM (oneDNN, through PyTorch) does at PanelGemmBenchmark's shape on one thread
"$python" bench/native_gemm.py 2>/dev/null | tee "$out/kernel__native_gemm.txt"

for round in $(seq "$rounds"); do
  order_widths=$widths order_configs=$torch_configs
  [ $((round % 2)) = 0 ] && order_widths=$(reversed $widths) && order_configs=$(reversed $torch_configs)
  for shape in $shapes; do
    for width in $order_widths; do
      measure "dec__${shape}__siren-${width}__r$round" siren_bench "$width" --shape "$shape" --cases "$decoder_cases" --repeats "$repeats"
    done
    for config in $order_configs; do
      for isa in $torch_isas; do
        measure "dec__${shape}__${config}-${isa}__r$round" torch_bench "$config" "$isa" "$cache/bench/$shape-bf16"
      done
    done
  done
  for enc in $encoders; do
    batch_cases=$(echo "$encoder_lengths" | sed 's/\([0-9]*\)/32x\1/g')
    for width in $encoder_widths; do
      measure "enc__${enc}__siren-${width}-latency__r$round" siren_bench "$width" --model "$enc" --cases 1x64 \
          --warmup "$latency_warmup" --repeats "$latency_calls"
      # warmed up for a few seconds per case and timed 10 times: a 32x14 batch takes a tenth of a second, and one
      # warm-up run would time it while the JIT is still compiling (ONNX Runtime has no JIT)
      measure "enc__${enc}__siren-${width}-batch__r$round" siren_bench "$width" --model "$enc" --cases "$batch_cases" \
          --warmup-seconds "$warmup_s" --repeats "$((repeats > 10 ? repeats : 10))"
    done
    measure "enc__${enc}__ort-langchain4j__r$round" "$python" bench/encoder_onnxruntime.py --threads "$threads" \
        --onnx "$(ls "$cache"/encoders/"$enc"-*.onnx | head -1)" --lengths "$encoder_lengths" \
        --latency-calls "$((latency_calls * 6))" --batch-seconds "$ort_batch_s"
    measure "enc__${enc}__ort-export__r$round" "$python" bench/encoder_onnxruntime.py --threads "$threads" \
        --onnx "$out/$enc-export.onnx" --lengths "$encoder_lengths" --latency-calls "$((latency_calls * 6))" \
        --batch-seconds "$ort_batch_s"
  done
done
rm -f "$out"/*-export.onnx
uptime >>"$out/environment.txt"
echo "duration_s $(( $(date +%s) - started ))" >>"$out/environment.txt"
"$python" bench/compare_report.py "$out"
log "done in $(( ($(date +%s) - started) / 60 )) min: $out/summary.md, $out/summary.json"
