#!/usr/bin/env bash
# The fuzz targets of tests/fuzz/fuzz.h under libFuzzer, AddressSanitizer and UBSan (clang).
#   run.sh build DIR                       configure and build them in DIR (-DDWELL_FUZZ=ON)
#   run.sh run DIR TARGET SECONDS [OPT...]  fuzz TARGET for SECONDS from its seeds and
#                                          regression inputs (the corpus grows in
#                                          DIR/corpus/TARGET); OPT: more libFuzzer options
#                                          (-jobs=2, -only_ascii=1, ...); with
#                                          DWELL_FUZZ_FRESH=1 the corpus starts empty
# A crash, a leak, undefined behaviour, a broken invariant or an input that takes more than
# 20 s fails the run and leaves the input in DIR/crashes/TARGET: reproduce it with
# DIR/tests/fuzz/fuzz_TARGET FILE, fix the reader, and keep the input as
# tests/fuzz/regressions/TARGET/NAME (the normal test suite replays it: fuzz_replay_TARGET).
# Leaks are checked after every input (libFuzzer's -detect_leaks), except inside Open MPI's
# own libraries (lsan.supp); not at exit, where Open MPI's one-time allocations would show.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
fuzz=$root/tests/fuzz
usage() {
  echo "usage: $0 build DIR | run DIR TARGET SECONDS [libFuzzer options]" >&2
  exit 2
}
[ $# -ge 2 ] || usage
mode=$1
mkdir -p "$2"
dir=$(cd "$2" && pwd)
case $mode in
build)
  clang=$(command -v clang-14 || command -v clang) || {
    echo "$0: clang is needed (Debian: clang-14 libclang-rt-14-dev)" >&2
    exit 1
  }
  cmake -S "$root" -B "$dir" -DCMAKE_C_COMPILER="$clang" -DDWELL_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
  cmake --build "$dir" -j "$(nproc)" ;;
run)
  [ $# -ge 4 ] || usage
  target=$3 seconds=$4
  shift 4
  exe=$dir/tests/fuzz/fuzz_$target
  [ -x "$exe" ] || { echo "$0: $exe not built (run.sh build $dir)" >&2; exit 1; }
  corpus=$dir/corpus/$target crashes=$dir/crashes/$target
  # the test suite starts from the seeds every time, so that its run time stays bounded
  [ "${DWELL_FUZZ_FRESH:-0}" = 1 ] && rm -rf "$corpus"
  mkdir -p "$corpus" "$crashes"
  # the inputs libFuzzer starts from; a target without regressions yet has no directory
  inputs=("$corpus" "$fuzz/seeds/$target")
  [ -d "$fuzz/regressions/$target" ] && inputs+=("$fuzz/regressions/$target")
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1:fast_unwind_on_malloc=0
  export LSAN_OPTIONS=suppressions=$fuzz/lsan.supp:print_suppressions=0
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  dict=()
  [ -f "$fuzz/$target.dict" ] && dict=(-dict="$fuzz/$target.dict")
  status=0
  # a fixed mutation seed (DWELL_FUZZ_SEED, 0: libFuzzer draws one) so that a CI run is
  # repeatable: a finding then fails every run until it is fixed, not one run in many
  (cd "$dir" && "$exe" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 \
    -seed="${DWELL_FUZZ_SEED:-1}" -artifact_prefix="$crashes/" -print_final_stats=1 "${dict[@]}" "$@" \
    "${inputs[@]}") || status=$?
  if [ $status -ne 0 ]; then
    echo "fuzz_$target: FAILED (status $status); inputs in $crashes:" >&2
    ls -l "$crashes" >&2
    exit 1
  fi
  echo "fuzz_$target: no crash in $seconds s; corpus $(ls "$corpus" | wc -l) inputs" ;;
*) usage ;;
esac
