#!/bin/bash
# `dwell explore` end to end (issue 4): a pss glass (N = 200: a random configuration
# minimised), 2 runs of 6 tau minimised every tau at T_exp = 0.04, run on 1 and on 2 MPI
# ranks. Asserts: exit status 0; the YAML summary has the counts and a units line; the
# IS library file is written; the files of the two runs are byte-identical (the result
# depends on the seed only, not on the number of ranks; no time stamps in the file).
# Usage: explore_cli.sh DWELL MPIEXEC DIR
set -uo pipefail
dwell=$1 mpiexec=$2 dir=$3
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
mpi=("$mpiexec" --oversubscribe -n 2)
[ "$(id -u)" = 0 ] && mpi+=(--allow-run-as-root)

fail=0
check() { # check OK DESCRIPTION
  if [ "$1" = 0 ]; then echo "ok   $2"; else echo "FAIL $2"; fail=1; fi
}

"$dwell" init -model pss -N 200 -seed 2 -out random.h5 > /dev/null &&
  "$dwell" minimize -model pss -in random.h5 -out glass.h5 > /dev/null
check $? "glass prepared (init + minimize)"
# the same command line in two directories (the file stores the options, -out included)
args=(explore -model pss -in ../glass.h5 -runs 2 -tau_cg 1 -tau_total 6 -T_exp 0.04 -seed 7 -out lib.h5)
mkdir one two
(cd one && "$dwell" "${args[@]}" > ../one.yaml)
check $? "dwell explore on 1 rank: exit status 0"
(cd two && "${mpi[@]}" "$dwell" "${args[@]}" > ../two.yaml)
check $? "dwell explore on 2 ranks: exit status 0"
sed 's/^/  | /' one.yaml
for key in n_is n_candidates transitions n_is_growth cpu_time is_per_cpu_second units; do
  check $(grep -q "^$key: " one.yaml; echo $?) "YAML has $key"
done
check $(grep -q '^units: {.*is_per_cpu_second: 1/s' one.yaml; echo $?) "YAML units name is_per_cpu_second"
check $([ -s one/lib.h5 ] && [ -s two/lib.h5 ]; echo $?) "IS library files written"
check $(cmp -s one/lib.h5 two/lib.h5; echo $?) "1 rank and 2 ranks: byte-identical IS library files"
check $(grep -q "^ranks: 2" two.yaml; echo $?) "the 2-rank run used 2 ranks"
exit $fail
