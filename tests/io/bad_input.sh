#!/bin/bash
# Bad input (issue 2, "Bad input"; issue 13, hostile input: the table eval_cases): each
# case runs one dwell command on a broken input and asserts that it stops
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

# Hostile input (issue 13): CASE|INPUT|WORDS... for `dwell eval -model ka -in INPUT
# -forces_out forces.txt` (the inputs are made by the setup below).
eval_cases() {
  cat <<'CASES'
eval_coincident|coincident.xyz|particle 1 is not finite|particle 2, is at r = 0 sigma
xyz_N_wraps|wrap.xyz|wrap.xyz|line 1|number of particles 4294967796 is not in 1..10000000
xyz_N_above_limit|huge.xyz|huge.xyz|line 1|1000000000 is not in 1..10000000
xyz_N_exceeds_file|long.xyz|long.xyz|line 1: number of particles 1000000|hold at most
xyz_trailing_line|trailing.xyz|trailing.xyz|line 402|after the 399 particles
xyz_line_too_long|longline.xyz|longline.xyz|line 3 is longer than 1048576 bytes
xyz_binary|binary.xyz|binary.xyz|line 4|NUL byte
xyz_box_infinite|infbox.xyz|infbox.xyz|line 2|with finite L > 0
xyz_tilt_too_large|bigtilt.xyz|bigtilt.xyz|line 2|Lattice tilts (xy, xz, yz) = (6|within +-L/2 = 5
data_N_wraps|wrap.data|wrap.data|line 3|number of atoms 4294967696 is not in 1..10000000
data_N_exceeds_file|long.data|long.data|line 3: number of atoms 1000000|hold at most
data_99_of_100_atoms|extra.data|extra.data|more atom lines than the 399 atoms announced
data_trailing_garbage|garbage.data|garbage.data|unexpected text after the Atoms section
data_dev_zero|zero.data|zero.data|not a regular file
data_fifo|fifo.data|fifo.data|not a regular file
h5_N_float|nfloat.h5|nfloat.h5|/config: attribute N is a floating-point number, expected an integer
h5_N_wraps|nwrap.h5|nwrap.h5|N = 4294967696, not in 1..10000000
h5_N_array|narray.h5|narray.h5|/config: attribute N holds 8 values, expected one
h5_box_array|boxarray.h5|boxarray.h5|/config: attribute box holds 10 values, expected one
h5_species_float|speciesfloat.h5|speciesfloat.h5|/config/species is a floating-point number, expected an integer
h5_nspecies_big|nspecies.h5|nspecies.h5|nspecies = 1000
h5_config_dataset|configdset.h5|configdset.h5|config is not a group
h5_positions_group|posgroup.h5|posgroup.h5|/config: positions is not a dataset
h5_positions_soft_link|poslink.h5|poslink.h5|/config: positions is a link, not an object
CASES
}
# Campaign files that passed the check of src/app/optionsfile.c and then stopped PETSc's YAML
# reader with a traceback (found by the yaml fuzz target): CASE|INPUT|WORDS... for
# `dwell run INPUT -dry_run`.
run_cases() {
  cat <<'CASES'
campaign_nested_list|nested.yaml|campaign file|nested.yaml line 3: a list inside a list
campaign_merge_scalar|merge.yaml|campaign file|merge.yaml line 2: the merge key << needs a mapping
campaign_empty_key|emptykey.yaml|campaign file|emptykey.yaml line 2: a key must start with a letter
CASES
}
cases="$cases $({ eval_cases; run_cases; } | cut -d'|' -f1 | tr '\n' ' ')"

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
  # issue 13: particles 1 and 2 (from 0) at the same place
  awk 'NR == 4 { p = $2 " " $3 " " $4 } NR == 5 { $2 = ""; $0 = $1 " " p } { print }' ok.xyz \
    > coincident.xyz
  # counts that wrap in 32 bits (4294967396 = 2^32 + 100), above the limit, beyond the file
  sed '1s/.*/4294967796/' ok.xyz > wrap.xyz
  sed '1s/.*/1000000000/' ok.xyz > huge.xyz
  sed '1s/.*/1000000/' ok.xyz > long.xyz
  sed '1s/.*/399/' ok.xyz > trailing.xyz
  { head -2 ok.xyz; head -c 1100000 /dev/zero | tr '\0' 'x'; echo; } > longline.xyz
  { head -3 ok.xyz; printf 'A 1 2\0 3\n'; tail -n +5 ok.xyz; } > binary.xyz
  sed '2s/Lattice="[^"]*"/Lattice="1e400 0 0 0 1e400 0 0 0 1e400"/' ok.xyz > infbox.xyz
  sed '2s/Lattice="[^"]*"/Lattice="10 0 0 6 10 0 0 0 10"/' ok.xyz > bigtilt.xyz
  sed 's/^400 atoms/4294967696 atoms/' ok.data > wrap.data
  sed 's/^400 atoms/1000000 atoms/' ok.data > long.data
  sed 's/^400 atoms/399 atoms/; /^400 [0-9]/d' ok.data > id400.data
  # 399 atoms announced, the 400 lines kept (ids 1..399 then 400)
  sed 's/^400 atoms/399 atoms/' ok.data | awk '/^400 [0-9]/ { $1 = 1 } { print }' > extra.data
  { cat ok.data; echo; echo "this is not a section"; } > garbage.data
  # found by the yaml fuzz target: PETSc's YAML reader stops with a traceback on these
  printf 'model: pss\nN: 200\nT_f: [0.1, [0.2, 0.3]]\n' > nested.yaml
  printf 'model: pss\n<<: o\n' > merge.yaml
  printf 'model: pss\n&T_f: [0.12model: ]\n' > emptykey.yaml
  ln -s /dev/zero zero.data
  mkfifo fifo.data
  /usr/bin/python3 - <<'PY'
import shutil, h5py, numpy as np
def variant(name, edit):
    shutil.copy("ok.h5", name)
    with h5py.File(name, "r+") as f:
        edit(f["config"], f)
def replace_attr(g, key, value):
    del g.attrs[key]
    g.attrs[key] = value
def replace_dset(g, key, value):
    del g[key]
    g[key] = value
variant("nfloat.h5", lambda g, f: replace_attr(g, "N", 400.5))
variant("nwrap.h5", lambda g, f: replace_attr(g, "N", np.int64(2**32 + 400)))
variant("narray.h5", lambda g, f: replace_attr(g, "N", np.full(8, 400, dtype=np.int64)))
variant("boxarray.h5", lambda g, f: replace_attr(g, "box", np.full(10, 7.0)))
variant("speciesfloat.h5", lambda g, f: replace_dset(g, "species", g["species"][:] + 0.5))
variant("nspecies.h5", lambda g, f: replace_attr(g, "nspecies", np.int64(1000)))
def config_dataset(g, f):
    del f["config"]
    f["config"] = np.zeros(3)
variant("configdset.h5", config_dataset)
def positions_group(g, f):
    del g["positions"]
    g.create_group("positions")
variant("posgroup.h5", positions_group)
def positions_link(g, f):
    del g["positions"]
    g["positions"] = h5py.SoftLink("/nowhere")
variant("poslink.h5", positions_link)
PY
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
  if row=$(eval_cases | grep "^$case|"); then
    IFS='|' read -r -a fields <<< "$row"
    target=forces.txt
    cmd=(eval -model ka -in "$in/${fields[1]}" -forces_out "$out/$target")
  elif row=$(run_cases | grep "^$case|"); then
    IFS='|' read -r -a fields <<< "$row"
    target=${fields[1]%.yaml}
    cmd=(run "$in/${fields[1]}" -dry_run -dir "$out/$target")
  else
    echo "bad_input.sh: unknown case '$case' (cases: $cases)" >&2
    exit 2
  fi
  words=("${fields[@]:2}") ;;
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
