#!/bin/bash
# Bad input (issue 2, "Bad input"): each case runs one dwell command on a broken input and
# asserts that it stops
#   - with a non-zero exit status,
#   - with exactly one line on stderr, "dwell: error: ...", containing the key words that
#     name the problem (the offending value, file, option or the word 'truncated'),
#   - leaving no partial output: no file named like the -out / -forces_out target and no
#     *.tmp* file in the output directory (writers write a temporary file and rename it).
# Usage: bad_input.sh DWELL DIR setup   (writes the shared inputs into DIR/inputs)
#        bad_input.sh DWELL DIR CASE    (one case, in DIR/CASE; list: bad_input.sh - - list)
set -uo pipefail
dwell=$1 dir=$2 case=$3

cases="missing_file xyz_truncated xyz_not_a_number xyz_no_lattice xyz_too_many_columns
xyz_too_few_columns unknown_model_eval unknown_model_init init_N_negative init_N_zero
init_overlap init_overlap_small_N unknown_option_eval unknown_option_init
unknown_extension_out unknown_extension_in h5_truncated h5_not_hdf5 data_no_atoms pss_as_ka ka_as_pss
pss_as_ka_no_model ka_as_pss_no_model out_is_directory out_dir_missing_xyz
out_dir_missing_h5 forces_out_is_directory"

if [ "$case" = list ]; then
  echo $cases
  exit 0
fi

in=$dir/inputs
if [ "$case" = setup ]; then
  set -e
  rm -rf "$dir"
  mkdir -p "$in"
  cd "$in"
  "$dwell" init -model ka -N 400 -seed 1 -out ok.xyz > /dev/null
  "$dwell" init -model ka -N 400 -seed 1 -out ok.h5 > /dev/null
  "$dwell" init -model ka -N 400 -seed 1 -out ok.data > /dev/null
  "$dwell" init -model pss -N 400 -seed 1 -out pss.xyz > /dev/null
  cp ok.xyz ok.pdb
  # N says 100, then the header and 50 particle lines
  { echo 100; sed -n '2,52p' ok.xyz; } > cut.xyz
  sed '5s/^\([ABC]\) [^ ]*/\1 abc/' ok.xyz > col5.xyz
  sed '2s/Lattice="[^"]*" //' ok.xyz > nolat.xyz
  sed '7s/$/ 1.5/' ok.xyz > wide.xyz
  sed '7s/ [^ ]*$//' ok.xyz > narrow.xyz
  head -c 4000 ok.h5 > cut.h5
  cp ok.xyz text.h5
  awk '/^Atoms/ { exit } { print }' ok.data > headonly.data
  sed '2s/ model=pss//' pss.xyz > pss_no_model.xyz
  sed '2s/ model=ka//' ok.xyz > ka_no_model.xyz
  echo "inputs written in $in"
  exit 0
fi

work=$dir/$case
out=$work/out
rm -rf "$work"
mkdir -p "$out"
cd "$work"
target=""
# Each case: the command (target = the file it must not leave) and the words the message
# must contain, one per line.
case $case in
missing_file)
  target=forces.txt
  cmd=(eval -model ka -in /nonexistent.xyz -forces_out "$out/$target")
  words=("/nonexistent.xyz" "no such file") ;;
xyz_truncated)
  target=forces.txt
  cmd=(eval -model ka -in "$in/cut.xyz" -forces_out "$out/$target")
  words=("cut.xyz" "truncated" "100 particles" "after 50") ;;
xyz_not_a_number)
  target=forces.txt
  cmd=(eval -model ka -in "$in/col5.xyz" -forces_out "$out/$target")
  words=("col5.xyz" "line 5" "'abc'" "not a finite number") ;;
xyz_no_lattice)
  target=forces.txt
  cmd=(eval -model ka -in "$in/nolat.xyz" -forces_out "$out/$target")
  words=("nolat.xyz" "line 2" "Lattice") ;;
xyz_too_many_columns)
  target=forces.txt
  cmd=(eval -model ka -in "$in/wide.xyz" -forces_out "$out/$target")
  words=("wide.xyz" "line 7" "expected 4 columns, found 5") ;;
xyz_too_few_columns)
  target=forces.txt
  cmd=(eval -model ka -in "$in/narrow.xyz" -forces_out "$out/$target")
  words=("narrow.xyz" "line 7" "expected 4 columns, found 3") ;;
unknown_model_eval)
  target=forces.txt
  cmd=(eval -model foo -in "$in/ok.xyz" -forces_out "$out/$target")
  words=("unknown model 'foo'") ;;
unknown_model_init)
  target=x.xyz
  cmd=(init -model foo -N 400 -out "$out/$target")
  words=("unknown model 'foo'") ;;
init_N_negative)
  target=x.xyz
  cmd=(init -model ka -N -5 -out "$out/$target")
  words=("-N -5" "positive") ;;
init_N_zero)
  target=x.xyz
  cmd=(init -model ka -N 0 -out "$out/$target")
  words=("-N 0" "positive") ;;
init_overlap)
  target=x.xyz
  cmd=(init -model ka -N 2000 -rho 5 -out "$out/$target")
  words=("rho = 5" "overlap") ;;
init_overlap_small_N)
  # the density is the problem, whatever N: it must be named, not the box size
  target=x.xyz
  cmd=(init -model ka -N 500 -rho 5 -out "$out/$target")
  words=("rho = 5" "overlap") ;;
unknown_option_eval)
  target=forces.txt
  cmd=(eval -model ka -in "$in/ok.xyz" -modle ka -forces_out "$out/$target")
  words=("unknown option" "-modle") ;;
unknown_option_init)
  target=x.xyz
  cmd=(init -model ka -N 400 -seeed 3 -out "$out/$target")
  words=("unknown option" "-seeed") ;;
unknown_extension_out)
  target=x.pdb
  cmd=(init -model ka -N 400 -out "$out/$target")
  words=("x.pdb" "unknown configuration format") ;;
unknown_extension_in)
  target=forces.txt
  cmd=(eval -model ka -in "$in/ok.pdb" -forces_out "$out/$target")
  words=("ok.pdb" "unknown configuration format") ;;
h5_truncated)
  target=forces.txt
  cmd=(eval -model ka -in "$in/cut.h5" -forces_out "$out/$target")
  words=("cut.h5" "truncated") ;;
h5_not_hdf5)
  target=forces.txt
  cmd=(eval -model ka -in "$in/text.h5" -forces_out "$out/$target")
  words=("text.h5" "not an HDF5 file") ;;
data_no_atoms)
  target=forces.txt
  cmd=(eval -model ka -in "$in/headonly.data" -forces_out "$out/$target")
  words=("headonly.data" "no Atoms section") ;;
pss_as_ka)
  target=forces.txt
  cmd=(eval -model ka -in "$in/pss.xyz" -forces_out "$out/$target")
  words=("'pss'" "'ka'") ;;
ka_as_pss)
  target=forces.txt
  cmd=(eval -model pss -in "$in/ok.xyz" -forces_out "$out/$target")
  words=("'ka'" "'pss'") ;;
pss_as_ka_no_model)
  target=forces.txt
  cmd=(eval -model ka -in "$in/pss_no_model.xyz" -forces_out "$out/$target")
  words=("model ka" "diameters") ;;
ka_as_pss_no_model)
  target=forces.txt
  cmd=(eval -model pss -in "$in/ka_no_model.xyz" -forces_out "$out/$target")
  words=("model pss" "diameters") ;;
out_is_directory)
  # the target exists as a directory: the rename fails, the temporary file must go
  target=x.xyz
  mkdir -p "$out/$target"
  cmd=(init -model ka -N 400 -out "$out/$target")
  words=("x.xyz" "cannot create" "Is a directory") ;;
out_dir_missing_xyz)
  target=x.xyz
  cmd=(init -model ka -N 400 -out "$out/missing/$target")
  words=("missing/x.xyz" "cannot create") ;;
out_dir_missing_h5)
  target=x.h5
  cmd=(init -model ka -N 400 -out "$out/missing/$target")
  words=("missing/x.h5" "cannot create") ;;
forces_out_is_directory)
  target=forces.txt
  mkdir -p "$out/$target"
  cmd=(eval -model ka -in "$in/ok.xyz" -forces_out "$out/$target")
  words=("-forces_out" "forces.txt" "cannot") ;;
*)
  echo "bad_input.sh: unknown case '$case' (cases: $cases)" >&2
  exit 2 ;;
esac

fail=0
check() { # check OK DESCRIPTION
  if [ "$1" = 0 ]; then echo "ok   $2"; else echo "FAIL $2"; fail=1; fi
}

echo "case $case: dwell ${cmd[*]}"
"$dwell" "${cmd[@]}" > stdout.txt 2> stderr.txt
status=$?
echo "stderr:"
sed 's/^/  | /' stderr.txt
check $([ $status -ne 0 ]; echo $?) "non-zero exit status ($status)"
nlines=$(grep -c . stderr.txt)
check $([ "$nlines" = 1 ]; echo $?) "exactly one line on stderr ($nlines)"
check $(grep -q '^dwell: error: ' stderr.txt; echo $?) "the line starts with 'dwell: error: '"
for w in "${words[@]}"; do
  check $(grep -qF -- "$w" stderr.txt; echo $?) "the message contains \"$w\""
done
left=$(find "$out" -type f \( -name "$target*" -o -name '*.tmp*' \) | tr '\n' ' ')
check $([ -z "$left" ]; echo $?) "no partial output file in $out (found: ${left:-none})"
exit $fail
