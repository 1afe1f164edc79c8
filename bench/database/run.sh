#!/usr/bin/env bash
# Load time of the built-in database: the embedded binary image (Data/database.bin, what cpupolicy and cpupolicy-hook
# load) against the JSON it is generated from, in a fresh process each run, under the JIT and NativeAOT.
#
#   bench/database/run.sh [RUNS]        (default 10 processes per build)
#
# Each process prints, per form, the first load (what a hook pays once) and the median of 200 warm loads (the work
# itself). This prints the medians over the processes, and a RESULT line for the native first load of the image
# against the JSON's.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
runs="${1:-10}"
out="$(mktemp -d /tmp/cpupolicy-bench-database.XXXXXX)"
trap 'rm -rf "$out"' EXIT
dotnet build "$here/Cpupolicy.Bench.Database.csproj" -c Release -v quiet -nologo -o "$out/jit" >&2
dotnet publish "$here/Cpupolicy.Bench.Database.csproj" -c Release -r linux-x64 -p:PublishAot=true -v quiet -nologo -o "$out/aot" >&2

declare -A median
for build in jit aot; do
  : > "$out/$build.txt"
  for ((i = 0; i < runs; i++)); do
    if [ "$build" = jit ]; then dotnet "$out/jit/cpupolicy-bench-database.dll"; else "$out/aot/cpupolicy-bench-database"; fi >> "$out/$build.txt"
  done
  for form in image json; do
    for field in first_ms warm_median_ms; do
      median["$build/$form/$field"]=$(grep "^$form " "$out/$build.txt" | sed "s/.* $field=\([0-9.]*\).*/\1/" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    done
  done
done

printf '\nDatabase load, medians of %d processes (ms): first load in the process / warm load\n\n' "$runs"
printf '| build | image: first | image: warm | JSON: first | JSON: warm |\n| --- | ---: | ---: | ---: | ---: |\n'
for build in jit aot; do
  printf '| %s | %s | %s | %s | %s |\n' "$build" "${median[$build/image/first_ms]}" "${median[$build/image/warm_median_ms]}" \
    "${median[$build/json/first_ms]}" "${median[$build/json/warm_median_ms]}"
done
awk -v a="${median[aot/image/first_ms]}" -v b="${median[aot/json/first_ms]}" \
  'BEGIN { printf "RESULT database-native time_s=%.6f peer_s=%.6f ratio=%.3f (first load in a NativeAOT process: image against JSON)\n", a / 1000, b / 1000, a / b }'
