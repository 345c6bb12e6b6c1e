#!/bin/bash
# Bad input of `dwell explore` (issue 4): each case runs the command with one bad value and
# asserts that it stops before any work
#   - with a non-zero exit status and nothing on stdout,
#   - with exactly one line on stderr, "dwell: error: ...", containing the words that name
#     the problem (the option, the offending value or file),
#   - within 10 s although the valid settings ask for hours of exploration (R = 1000 runs
#     of 1e5 tau): the check comes first,
#   - leaving no output file (nor a *.tmp* file).
# Usage: explore_bad_input.sh DWELL DIR setup   (writes the inputs into DIR/inputs)
#        explore_bad_input.sh DWELL DIR CASE    (one case; list: explore_bad_input.sh - - list)
set -uo pipefail
dwell=$1 dir=$2 case=$3

cases="runs_negative runs_zero tau_cg_above_tau_total tau_cg_zero tau_cg_not_whole_steps
T_exp_negative md_T_given bisect_depth_negative missing_tau_cg missing_model missing_file
wrong_model out_not_h5 out_dir_missing unknown_option unknown_precond precond_shift_zero"

if [ "$case" = list ]; then
  echo $cases
  exit 0
fi

in=$dir/inputs
if [ "$case" = setup ]; then
  set -e
  rm -rf "$in"
  mkdir -p "$in"
  "$dwell" init -model pss -N 200 -seed 1 -out "$in/glass.h5" > /dev/null
  echo "inputs written in $in"
  exit 0
fi

work=$dir/$case
out=$work/out
rm -rf "$work"
mkdir -p "$out"
cd "$work"
target=lib.h5
# valid, and hours long: the error must come before the work
model=(-model pss)
runs=(-runs 1000)
times=(-tau_cg 1 -tau_total 100000)
extra=()
input=(-in "$in/glass.h5")
output=(-out "$out/$target")
case $case in
runs_negative)          runs=(-runs -3); words=("-runs -3" ">= 1") ;;
runs_zero)              runs=(-runs 0); words=("-runs 0" ">= 1") ;;
tau_cg_above_tau_total) times=(-tau_cg 10 -tau_total 5); words=("-tau_total 5" "-tau_cg 10") ;;
tau_cg_zero)            times=(-tau_cg 0 -tau_total 5); words=("-tau_cg 0" "positive") ;;
tau_cg_not_whole_steps) times=(-tau_cg 0.0123 -tau_total 5); words=("-tau_cg 0.0123" "whole number of MD steps") ;;
T_exp_negative)         extra=(-T_exp -0.04); words=("-T_exp -0.04" "positive") ;;
md_T_given)             extra=(-md_T 0.04); words=("-md_T" "-T_exp") ;;
bisect_depth_negative)  extra=(-explore_bisect_depth -1); words=("-explore_bisect_depth -1") ;;
missing_tau_cg)         times=(-tau_total 5); words=("missing required option -tau_cg") ;;
missing_model)          model=(); words=("missing required option -model") ;;
missing_file)           input=(-in "$in/nothere.h5"); words=("nothere.h5") ;;
wrong_model)            model=(-model ka); words=("'pss'" "'ka'") ;;
out_not_h5)             target=lib.xyz; output=(-out "$out/$target"); words=("lib.xyz" "HDF5") ;;
out_dir_missing)        output=(-out "$out/missing/$target"); words=("missing/lib.h5" "cannot create") ;;
unknown_option)         extra=(-explore_bisect 2); words=("unknown option" "-explore_bisect") ;;
unknown_precond)        extra=(-min_lbfgs_precond ilu); words=("-min_lbfgs_precond" "'ilu'" "none, exp, hessian, blocks") ;;
precond_shift_zero)     extra=(-min_lbfgs_precond hessian -min_precond_shift 0); words=("-min_precond_shift 0" "positive") ;;
*)
  echo "explore_bad_input.sh: unknown case '$case' (cases: $cases)" >&2
  exit 2 ;;
esac
cmd=(explore "${model[@]}" "${input[@]}" "${output[@]}" "${runs[@]}" "${times[@]}" "${extra[@]}")

fail=0
check() { # check OK DESCRIPTION
  if [ "$1" = 0 ]; then echo "ok   $2"; else echo "FAIL $2"; fail=1; fi
}

echo "case $case: dwell ${cmd[*]}"
start=$(date +%s)
timeout 60 "$dwell" "${cmd[@]}" > stdout.txt 2> stderr.txt
status=$?
elapsed=$(( $(date +%s) - start ))
echo "stderr:"
sed 's/^/  | /' stderr.txt
check $([ $status -ne 0 ] && [ $status -ne 124 ]; echo $?) "non-zero exit status ($status), not a timeout"
check $([ ! -s stdout.txt ]; echo $?) "nothing on stdout"
check $([ $elapsed -le 10 ]; echo $?) "stopped before any work (${elapsed} s)"
nlines=$(grep -c . stderr.txt)
check $([ "$nlines" = 1 ]; echo $?) "exactly one line on stderr ($nlines)"
check $(grep -q '^dwell: error: ' stderr.txt; echo $?) "the line starts with 'dwell: error: '"
for w in "${words[@]}"; do
  check $(grep -qF -- "$w" stderr.txt; echo $?) "the message contains \"$w\""
done
left=$(find "$out" -type f \( -name "$target*" -o -name '*.tmp*' \) | tr '\n' ' ')
check $([ -z "$left" ]; echo $?) "no output file in $out (found: ${left:-none})"
exit $fail
