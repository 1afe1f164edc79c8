#!/usr/bin/env bash
# Coverage-guided fuzzing of cpupolicy: AFL++ (Debian's afl++) drives fuzz/Cpupolicy.Fuzz.Sharp, whose cpupolicy
# assemblies SharpFuzz has rewritten to report edge coverage. fuzz/README.md explains the targets and the results.
#
#   fuzz/sharpfuzz.sh [--execs N] [--time SEC] [--no-build] TARGET...   run each target in turn (default 1,000,000 execs, 3600 s)
#   fuzz/sharpfuzz.sh --replay TARGET...                                 replay each target's AFL++ queue and crashes once
#   fuzz/sharpfuzz.sh --list                                             the target names
#
# Each run: installs AFL++ if missing (scripts/install-peers.sh --fuzz) and the `sharpfuzz` tool (SharpFuzz.CommandLine,
# into fuzz/.tools), publishes the entry into fuzz/.build/sharp and instruments cpupolicy's assemblies there (plus
# YamlDotNet, whose parser the inventory and KubeVirt readers run), seeds fuzz/.afl/TARGET/in from the target's seeds
# (fuzz/corpus, the files it reads from tests/ and data/, 64 inputs of its FsCheck generators, its regression inputs),
# then runs `nice -n 19 afl-fuzz` until N executions or SEC seconds, whichever comes first, and prints one RESULT line
# per target from AFL++'s fuzzer_stats. Crashes are replayed once outside AFL++ and saved into fuzz/crashes/TARGET/
# (`dotnet run --project fuzz/Cpupolicy.Fuzz -- promote` turns them into regression tests).
# Everything it writes lives in fuzz/.tools, fuzz/.build, fuzz/.afl, fuzz/crashes (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

execs=1000000
seconds=3600
build=1
mode=fuzz
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --execs) execs=$2; shift 2 ;;
    --time) seconds=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --replay) mode=replay; shift ;;
    --list) mode=list; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    -*) echo "sharpfuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done

tools=$root/fuzz/.tools
plain=$root/fuzz/.build/plain   # as published: seeds, replay, list (instrumented code cannot run outside AFL++)
out=$root/fuzz/.build/sharp     # the same files, cpupolicy's assemblies instrumented: what AFL++ runs
entry=(dotnet "$plain/Cpupolicy.Fuzz.Sharp.dll")

build_and_instrument() {
  bash scripts/install-peers.sh --fuzz
  if [ ! -x "$tools/sharpfuzz" ]; then
    dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version 2.3.0 >&2
  fi

  nice -n 19 dotnet publish fuzz/Cpupolicy.Fuzz.Sharp -c Release -o "$plain" --nologo -v quiet >&2
  rm -rf "$out"
  cp -a "$plain" "$out"
  local dll
  for dll in Cpupolicy.Policy.dll Cpupolicy.Core.dll Cpupolicy.Compiler.dll Cpupolicy.Hooks.dll YamlDotNet.dll; do
    "$tools/sharpfuzz" "$out/$dll" >&2
  done
}

if [ "$mode" = list ]; then
  [ -f "$plain/Cpupolicy.Fuzz.Sharp.dll" ] || build_and_instrument
  exec "${entry[@]}" list
fi

if [ ${#targets[@]} -eq 0 ]; then
  echo "sharpfuzz.sh: name at least one target (--list shows them)" >&2
  exit 2
fi

if [ "$build" = 1 ] && [ "$mode" = fuzz ]; then
  build_and_instrument
fi

for target in "${targets[@]}"; do
  dir=$root/fuzz/.afl/$target
  if [ "$mode" = replay ]; then
    shopt -s nullglob
    files=("$dir"/out/default/queue/id:* "$dir"/out/default/crashes/id:*)
    shopt -u nullglob
    if [ ${#files[@]} -eq 0 ]; then
      echo "sharpfuzz.sh: $target has no AFL++ output to replay" >&2
      continue
    fi
    nice -n 19 "${entry[@]}" replay "$target" "${files[@]}"
    continue
  fi

  rm -rf "$dir/in"
  mkdir -p "$dir/in"
  nice -n 19 "${entry[@]}" seeds "$target" "$dir/in"
  if [ -d "tests/Cpupolicy.Tests/Fuzz/Regressions/$target" ]; then
    find "tests/Cpupolicy.Tests/Fuzz/Regressions/$target" -type f ! -name '*.txt' -exec cp {} "$dir/in/" \;
  fi

  # AFL_NO_AFFINITY: the machine is shared, no core is ours. AFL_SKIP_BIN_CHECK: the program is `dotnet`, whose
  # binary has no AFL++ instrumentation (the coverage comes from SharpFuzz inside the managed code).
  # -t: a hang is an input that takes over 10 s (a loaded machine's JIT warm-up included); +: not a crash, skipped.
  start=$(date +%s)
  AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_AUTORESUME=1 \
    AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_FORKSRV_INIT_TMOUT=60000 AFL_TMPDIR="$dir" \
    nice -n 19 afl-fuzz -i "$dir/in" -o "$dir/out" -t 10000+ -m none -E "$execs" -V "$seconds" -- dotnet "$out/Cpupolicy.Fuzz.Sharp.dll" "$target" \
    > "$dir/afl.log" 2>&1 || echo "sharpfuzz.sh: afl-fuzz exited $? for $target (see $dir/afl.log)" >&2
  stats=$dir/out/default/fuzzer_stats
  if [ ! -f "$stats" ]; then
    echo "RESULT $target engine=afl++ status=did-not-start (see $dir/afl.log)"
    continue
  fi

  stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  crashes=$(stat saved_crashes)
  echo "RESULT $target engine=afl++/sharpfuzz execs=$(stat execs_done) seconds=$(( $(date +%s) - start )) execs_per_sec=$(stat execs_per_sec) edges=$(stat edges_found)/$(stat total_edges) bitmap=$(stat bitmap_cvg) corpus=$(stat corpus_count) crashes=${crashes:-0} hangs=$(stat saved_hangs) commit=$(git rev-parse --short HEAD)"
  if [ "${crashes:-0}" != 0 ]; then
    nice -n 19 "${entry[@]}" replay "$target" --save "$dir"/out/default/crashes/id:* || true
  fi
done
