#!/usr/bin/env bash
# Builds the optional native bf16 GEMM (engine/src/main/c/siren_bf16_gemm.c) for x86-64 CPUs with AVX512-BF16 (AMD
# Zen 4 and later, Intel Cooper Lake / Sapphire Rapids and later) and prints how to turn it on. Needs gcc or clang.
# docs/engine.md, "Native bf16 GEMM", says what it changes in the results.
#
# Usage: bin/build-native-gemm.sh [OUTPUT.so]   (default: $SIREN_CACHE/native/libsiren_bf16_gemm.so)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-${SIREN_CACHE:-$HOME/.cache/siren}/native/libsiren_bf16_gemm.so}
cc=${CC:-$(command -v gcc || command -v clang || true)}
[ -n "$cc" ] || { echo "build-native-gemm: no C compiler (gcc or clang) found; set CC" >&2; exit 2; }
mkdir -p "$(dirname "$out")"
tmp="$out.tmp.$$"
"$cc" -O3 -mavx512f -mavx512vl -mavx512bf16 -mfma -shared -fPIC -o "$tmp" "$root/engine/src/main/c/siren_bf16_gemm.c"
mv -f "$tmp" "$out"
echo "built $out"
echo "use it with: SIREN_NATIVE_GEMM=$out ./siren ...   (or -Dsiren.native.gemm=$out)"
