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
# per target from AFL++'s fuzzer_stats. The children keep a record in fuzz/.afl/TARGET/record/ (what threw, what a
# child died on, how each child ended: tests/Cpupolicy.Tests/Fuzz/Harness/ChildRecord.cs). Crashes are triaged from
# that record, replayed outside AFL++ (the plain build, then the instrumented one on its own), saved into fuzz/crashes/TARGET/
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
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
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
  # cpupolicy.dll is the CLI (the cli-* targets run CliApp.Run in process), Cpupolicy.Lsp.dll the language server.
  for dll in Cpupolicy.Policy.dll Cpupolicy.Core.dll Cpupolicy.Compiler.dll Cpupolicy.Hooks.dll Cpupolicy.Lsp.dll cpupolicy.dll YamlDotNet.dll; do
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
    record=()
    [ -d "$dir/record" ] && record=(--record "$dir/record")
    nice -n 19 "${entry[@]}" replay "$target" "${record[@]}" "${files[@]}"
    continue
  fi

  rm -rf "$dir/in"
  mkdir -p "$dir/in"
  nice -n 19 "${entry[@]}" seeds "$target" "$dir/in"
  if [ -d "tests/Cpupolicy.Tests/Fuzz/Regressions/$target" ]; then
    find "tests/Cpupolicy.Tests/Fuzz/Regressions/$target" -type f ! -name '*.txt' -exec cp {} "$dir/in/" \;
  fi

  # The children's record (ChildRecord.cs): the in-flight page and the children log start afresh with each run;
  # thrown/ and died/ keep every run's inputs, named by hash.
  mkdir -p "$dir/record"
  rm -f "$dir/record/inflight" "$dir/record/children.log"

  # AFL_NO_AFFINITY: the machine is shared, no core is ours. AFL_SKIP_BIN_CHECK: the program is `dotnet`, whose
  # binary has no AFL++ instrumentation (the coverage comes from SharpFuzz inside the managed code).
  # -t 10000: a hang is an input that takes over 10 s (a loaded machine's JIT warm-up included). Never `10000+`: in
  # AFL++ 4.04c the `+` means "pick the timeout yourself, at most this", and it picked 20 to 80 ms (five times a
  # seed's average run). A niced child on a shared machine overruns that often; AFL++ then SIGKILLs it, and SharpFuzz
  # starts another .NET child, which is slow; and when the child answered just after the deadline, the kill lands
  # between inputs and the next input is reported as a crash (`sig:02`) it did not cause. fuzz/README.md has the story.
  # (AFL++ skips a seed that times out in the dry run either way.)
  start=$(date +%s)
  AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_AUTORESUME=1 \
    AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_FORKSRV_INIT_TMOUT=60000 AFL_TMPDIR="$dir" \
    CPUPOLICY_SHARPFUZZ_RECORD="$dir/record" \
    nice -n 19 afl-fuzz -i "$dir/in" -o "$dir/out" -t 10000 -m none -E "$execs" -V "$seconds" -- dotnet "$out/Cpupolicy.Fuzz.Sharp.dll" "$target" \
    > "$dir/afl.log" 2>&1 || echo "sharpfuzz.sh: afl-fuzz exited $? for $target (see $dir/afl.log)" >&2
  stats=$dir/out/default/fuzzer_stats
  if [ ! -f "$stats" ]; then
    echo "RESULT $target engine=afl++ status=did-not-start (see $dir/afl.log)"
    continue
  fi

  stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  crashes=$(stat saved_crashes)
  # children: .NET child processes started; every one after the first replaced a child that died or was killed.
  children=$(cat "$dir/record/children.log" 2>/dev/null | wc -l)
  echo "RESULT $target engine=afl++/sharpfuzz execs=$(stat execs_done) seconds=$(( $(date +%s) - start )) execs_per_sec=$(stat execs_per_sec) edges=$(stat edges_found)/$(stat total_edges) bitmap=$(stat bitmap_cvg) corpus=$(stat corpus_count) crashes=${crashes:-0} hangs=$(stat saved_hangs) timeout_ms=$(stat exec_timeout) children=$children commit=$(git rev-parse --short HEAD)"
  shopt -s nullglob
  suspects=("$dir"/out/default/crashes/id:* "$dir"/record/died/????????????????)
  shopt -u nullglob
  if [ ${#suspects[@]} -gt 0 ]; then
    # What the record says about each, then a replay in one plain process (in order, as a child would run them),
    # then each on its own through the instrumented build (SharpFuzz runs one stdin input when not under AFL++).
    nice -n 19 "${entry[@]}" replay "$target" --save --record "$dir/record" "${suspects[@]}" || true
    for file in "${suspects[@]}"; do
      rc=0
      nice -n 19 dotnet "$out/Cpupolicy.Fuzz.Sharp.dll" "$target" < "$file" > /dev/null 2> "$dir/record/instrumented.err" || rc=$?
      echo "$file: instrumented replay exited $rc" >&2
      [ "$rc" = 0 ] || sed -n '1,5p' "$dir/record/instrumented.err" >&2
    done
  fi
done
