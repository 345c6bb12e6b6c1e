#!/bin/bash
# Bad input of `dwell modes` (issue 14): each case runs the command with one bad value and
# asserts that it stops with a non-zero exit status, nothing on stdout, exactly one line on
# stderr, "dwell: error: ...", containing the words that name the problem (the option, the
# value, the file), and no output file. An IS that is not a minimum is reported with the
# number of its negative eigenvalues (LDL^T inertia), not hidden. The good IS runs and
# writes its mode file (the control: the same command line without the fault succeeds).
# Usage: modes_bad_input.sh DWELL PYTHON DIR
set -uo pipefail
dwell=$1 python=$2 dir=$3
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
set -e
"$dwell" init -model pss -N 200 -seed 1 -out random.h5 > /dev/null
"$dwell" minimize -model pss -in random.h5 -out is.h5 > /dev/null
# a configuration file without positions (HDF5) and one without particle lines (XYZ)
"$python" - << 'PY'
import h5py
with h5py.File("is.h5", "r") as src, h5py.File("nopos.h5", "w") as f:
    g = f.create_group("config")
    for k, v in src["config"].attrs.items():
        g.attrs[k] = v
    for k in src["config"]:
        if k != "positions":
            g.create_dataset(k, data=src["config"][k][()])
PY
printf '5\nLattice="8 0 0 0 8 0 0 0 8" Properties=species:S:1:pos:R:3 pbc="T T T" model=pss\n' > nopos.xyz
set +e

fails=0
subcommand=modes
source "${BASH_SOURCE[0]%/*}/expect_error.sh"

run k_too_large "-k 598" "3N - 3 = 597" "is.h5" -- -model pss -in is.h5 -k 598 -out out.h5
run k_zero "-k 0" "at least 1" -- -model pss -in is.h5 -k 0 -out out.h5
run not_a_minimum "random.h5 is not a minimum" "negative eigenvalue" -- -model pss -in random.h5 -k 10 -out out.h5
run no_positions_h5 "nopos.h5" "positions is missing" -- -model pss -in nopos.h5 -k 10 -out out.h5
run no_positions_xyz "nopos.xyz" "number of particles 5" -- -model pss -in nopos.xyz -k 10 -out out.h5
run out_not_h5 "out.xyz" "HDF5" -- -model pss -in is.h5 -k 10 -out out.xyz
run unknown_type "'lanczos'" "sinvert" -- -model pss -in is.h5 -modes_type lanczos -out out.h5
run missing_model "missing required option -model" -- -in is.h5 -k 10 -out out.h5
run missing_in "missing required option -in" -- -model pss -k 10 -out out.h5

# the control: the good IS with the same options succeeds and writes the mode file
if "$dwell" modes -model pss -in is.h5 -k 10 -out out.h5 > stdout.txt 2> stderr.txt && [ -s out.h5 ]; then
  echo "ok   control: the IS gives 10 modes and out.h5"
else
  echo "FAIL control"; cat stderr.txt; fails=$((fails + 1))
fi
echo "$fails failed"
[ $fails -eq 0 ]
