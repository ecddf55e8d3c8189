#!/usr/bin/env bash
# Fuzzes parsers with AFL++ (Debian's afl++) over SharpFuzz-instrumented assemblies: fuzz/README.md.
#   fuzz/run.sh EXECUTIONS [TARGET...]     (no target: every target, one after the other)
# Findings (crashes, hangs) land in artifacts/fuzz/<target>/default/; exits 1 when a run found any.
set -euo pipefail
cd "$(dirname "$0")/.."
executions="${1:?usage: fuzz/run.sh EXECUTIONS [TARGET...]}"; shift
bin=artifacts/fuzz/bin
out="${FUZZ_OUT:-artifacts/fuzz}"

if [[ ! -f "$bin/.instrumented" ]]; then
  dotnet tool restore >/dev/null
  dotnet build fuzz/SealServe.Fuzz -c Release -o "$bin" -p:UseAppHost=false >/dev/null
  # Our assemblies only: the parsers under test. Generated protobuf code and the framework stay as they are.
  for assembly in Core Sealing TensorFlow Models Server; do
    dotnet sharpfuzz "$bin/SealServe.$assembly.dll" >/dev/null
  done
  touch "$bin/.instrumented"
fi

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  mapfile -t targets < <(ls fuzz/corpus)
fi

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
# A memory bomb shows as a crash: the harness may hold 1 GiB, not the machine.
export DOTNET_GCHeapHardLimit=0x40000000 DOTNET_TieredPGO=0
mkdir -p "$out"
found=0
for target in "${targets[@]}"; do
  # On a loaded machine AFL's dry run now and then sees no coverage from the first input ("No instrumentation
  # detected") and stops before fuzzing: a second start is enough.
  for attempt in 1 2; do
    rm -rf "${out:?}/$target"
    afl-fuzz -i "fuzz/corpus/$target" -o "$out/$target" -E "$executions" -t 10000 -m none -- dotnet "$bin/SealServe.Fuzz.dll" "$target" >"$out/$target.log" 2>&1 || true
    stats="$out/$target/default/fuzzer_stats"
    execs=$(awk -F': ' '/^execs_done/ {print $2}' "$stats" 2>/dev/null || echo 0)
    if [[ "${execs:-0}" -gt 0 ]]; then
      break
    fi
  done
  crashes=$(find "$out/$target/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
  hangs=$(find "$out/$target/default/hangs" -type f -name 'id:*' 2>/dev/null | wc -l)
  echo "$target: $execs executions, $crashes crash(es), $hangs hang(s)"
  if [[ "$execs" -eq 0 || "$crashes" -gt 0 || "$hangs" -gt 0 ]]; then
    found=1
  fi
done
exit "$found"
