# The bad-input check of the mode tests (sourced by modes_bad_input.sh and nlmode_cmd.sh):
# run NAME WORDS... -- ARGS... runs `$dwell $subcommand ARGS` in the current directory and
# expects a non-zero exit status, nothing on stdout, exactly one line on stderr, "dwell: error:
# ...", containing every word, and no output file out.*; counts failures in $fails.
run() {
  local name=$1 words=() args
  shift
  while [ "$1" != -- ]; do words+=("$1"); shift; done
  shift
  rm -f out.h5 out.xyz
  "$dwell" "$subcommand" "$@" > stdout.txt 2> stderr.txt
  local rc=$? ok=1
  [ $rc -ne 0 ] || { echo "FAIL $name: exit status 0"; ok=0; }
  [ ! -s stdout.txt ] || { echo "FAIL $name: output on stdout"; ok=0; }
  [ "$(wc -l < stderr.txt)" -eq 1 ] || { echo "FAIL $name: stderr has $(wc -l < stderr.txt) lines"; ok=0; }
  grep -q '^dwell: error: ' stderr.txt || { echo "FAIL $name: no 'dwell: error:'"; ok=0; }
  for w in "${words[@]}"; do
    grep -qF -- "$w" stderr.txt || { echo "FAIL $name: the message lacks '$w'"; ok=0; }
  done
  ls out.* > /dev/null 2>&1 && { echo "FAIL $name: an output file was left"; ok=0; }
  [ $ok -eq 1 ] && echo "ok   $name: $(cat stderr.txt)"
  [ $ok -eq 1 ] || { cat stderr.txt; fails=$((fails + 1)); }
}
