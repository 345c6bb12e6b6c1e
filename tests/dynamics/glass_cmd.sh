#!/bin/bash
# `dwell glass` end to end (issue 3). One ctest test per case; file checks by glass_check.py.
#   same_seed     two runs with the same seed give byte-identical files (cmp) and identical
#                 datasets and attributes (glass_check.py same); another seed another glass.
#   kill_resume   a run checkpointing every 0.1 s is killed with SIGKILL after at least two
#                 checkpoints (OUT.ckpt and OUT.ckpt.prev exist, OUT does not); rerunning it
#                 with another seed is refused (the checkpoint belongs to another run) and
#                 leaves the checkpoint; rerunning the same command resumes ("resumed from
#                 checkpoint") and writes a file byte-identical to an uninterrupted run
#                 without checkpoints; with OUT.ckpt truncated (a torn write) the rerun warns,
#                 resumes from OUT.ckpt.prev and gives the same file again; no checkpoint is
#                 left after a finished run.
#   file_schema   a pss N = 300 glass (T_f = 0.2, T_exp = 0.04): self-describing file, glass at
#                 T_exp, below the liquid's energy, F_s, tau_alpha and the equilibrated flag
#                 consistent (glass_check.py schema), and /config readable by `dwell eval`.
#   mc_scheme     -swap_type mc runs, times in MC sweeps; ka with plain MD (no swap rule).
#   swap_pairs    ka2 N = 300 at T_f = 1.0 with -swap_pairs CA,BC: the YAML lists the swaps
#                 of the two pair types AC and BC (attempts, accepted, acceptance), the file
#                 holds them (record/swap_pair_types "AC,BC", record/swap_pair_counts) with the
#                 same numbers, adding up to record/swap_counts, and no A-B swap was tried.
#   bad input     T_f <= 0 or missing, unknown model, a swap asked of ka or lj, N <= 0,
#                 T_exp above T_f, an unknown option, a non-HDF5 output or a missing output
#                 directory (refused before the run, not hours later): non-zero exit, exactly
#                 one stderr line "dwell: error: ..." naming the problem, no output file, no
#                 checkpoint, no temporary file.
# Usage: glass_cmd.sh DWELL PYTHON DIR CASE   (list of cases: glass_cmd.sh - - - list)
set -uo pipefail
dwell=$1 py=$2 dir=$3 case=$4
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
check_py="$here/glass_check.py"

bad_cases="bad_Tf_zero bad_Tf_negative bad_Tf_missing bad_unknown_model bad_swap_ka
bad_swap_type_lj bad_N_zero bad_N_negative bad_Texp_above_Tf bad_unknown_option bad_out_not_h5
bad_out_dir_missing"
cases="same_seed kill_resume file_schema mc_scheme swap_pairs $bad_cases"
if [ "$case" = list ]; then
  echo $cases
  exit 0
fi

work=$dir/$case
rm -rf "$work"
mkdir -p "$work"
cd "$work"
fail=0
check() { # check STATUS DESCRIPTION
  if [ "$1" = 0 ]; then echo "ok   $2"; else echo "FAIL $2"; fail=1; fi
}
quiet="-glass_progress_interval 0"
pss="-model pss -N 300 -T_f 0.2 -glass_blocks 200 $quiet"

case $case in
same_seed)
  "$dwell" glass $pss -seed 7 -out a.h5 >a.yaml
  check $? "first run"
  "$dwell" glass $pss -seed 7 -out b.h5 >b.yaml
  check $? "second run, same seed"
  "$dwell" glass $pss -seed 8 -out c.h5 >c.yaml
  check $? "third run, seed 8"
  cmp a.h5 b.h5
  check $? "same seed: byte-identical files (cmp)"
  "$py" "$check_py" same a.h5 b.h5
  check $? "same seed: identical datasets and attributes"
  "$py" "$check_py" differ a.h5 c.h5
  check $? "another seed: another glass"
  ;;
kill_resume)
  args="-model pss -N 300 -T_f 0.15 -seed 5 -glass_blocks 1500 $quiet"
  "$dwell" glass $args -glass_checkpoint_interval 0 -out ref.h5 >ref.yaml
  check $? "uninterrupted run without checkpoints"
  "$dwell" glass $args -glass_checkpoint_interval 0.1 -out run.h5 >run1.yaml 2>run1.err &
  pid=$!
  for _ in $(seq 600); do
    [ -e run.h5.ckpt.prev ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.1
  done
  kill -9 $pid 2>/dev/null
  killed=$?
  wait $pid 2>/dev/null
  check $killed "killed with SIGKILL mid-run (the run had not finished)"
  check $([ -e run.h5.ckpt ] && [ -e run.h5.ckpt.prev ] && [ ! -e run.h5 ]; echo $?) "OUT.ckpt and OUT.ckpt.prev exist, OUT does not"
  mkdir -p torn
  cp run.h5.ckpt run.h5.ckpt.prev torn/
  "$dwell" glass ${args/-seed 5/-seed 6} -glass_checkpoint_interval 0.1 -out run.h5 >other.yaml 2>other.err
  status=$?
  sed 's/^/  | /' other.err
  check $([ $status -ne 0 ] && grep -q "^dwell: error: .*belongs to another run" other.err && [ -e run.h5.ckpt ] && [ ! -e run.h5 ]; echo $?) "another seed is refused, the checkpoint is kept"
  # what a kill during a checkpoint write leaves (the temporary file of a dead pid), whether
  # or not this kill landed in one: the finished run removes it with the checkpoints
  touch run.h5.ckpt.tmp.999999999
  "$dwell" glass $args -glass_checkpoint_interval 0.1 -out run.h5 >run2.yaml 2>run2.err
  check $? "rerun of the same command"
  sed 's/^/  | /' run2.err
  check $(grep -q "resumed from checkpoint run.h5.ckpt$" run2.err; echo $?) "it resumed from the checkpoint"
  cmp ref.h5 run.h5
  check $? "killed and resumed: byte-identical to the uninterrupted run (cmp)"
  "$py" "$check_py" same ref.h5 run.h5
  check $? "killed and resumed: identical datasets and attributes"
  check $(ls run.h5.ckpt* 2>/dev/null | grep -q .; [ $? -ne 0 ]; echo $?) "no checkpoint (nor a killed writer's temporary file) left after the finished run"
  truncate -s 5000 torn/run.h5.ckpt
  (cd torn && "$dwell" glass $args -glass_checkpoint_interval 0.1 -out run.h5 >run3.yaml 2>run3.err)
  check $? "rerun with a torn OUT.ckpt"
  sed 's/^/  | /' torn/run3.err
  check $(grep -q "unreadable" torn/run3.err && grep -q "resumed from checkpoint run.h5.ckpt.prev$" torn/run3.err; echo $?) "it warned and resumed from OUT.ckpt.prev"
  cmp ref.h5 torn/run.h5
  check $? "resumed from the previous checkpoint: byte-identical to the uninterrupted run"
  ;;
file_schema)
  "$dwell" glass $pss -seed 3 -glass_blocks 400 -out glass.h5 >glass.yaml
  check $? "pss N = 300 glass, T_f = 0.2, T_exp = 0.04 (default)"
  cat glass.yaml
  "$py" "$check_py" schema glass.h5 0.04
  check $? "file contents"
  "$dwell" eval -model pss -in glass.h5 >eval.yaml
  check $? "dwell eval reads /config of the glass file"
  ;;
mc_scheme)
  "$dwell" glass -model pss -N 300 -T_f 0.2 -swap_type mc -glass_blocks 100 $quiet -out mc.h5 >mc.yaml
  check $? "pss with -swap_type mc"
  check $(grep -q "units: {equilibration_time: sweeps" mc.yaml; echo $?) "times in MC sweeps"
  "$py" -c "import h5py,sys; f=h5py.File('mc.h5','r'); a=f['record/translation_acceptance'][1:]; sys.exit(not (f.attrs['dynamics']==b'swap mc' and (a>0.05).all() and (a<0.9).all()))"
  check $? "dynamics 'swap mc', translation acceptance in (0.05, 0.9)"
  "$dwell" glass -model ka -N 500 -T_f 1.0 -T_exp 0.3 -glass_blocks 50 $quiet -out ka.h5 >ka.yaml
  check $? "ka (no swap rule) prepared with plain MD by default"
  "$py" -c "import h5py,sys; sys.exit(h5py.File('ka.h5','r').attrs['dynamics']!=b'md')"
  check $? "dynamics 'md'"
  ;;
swap_pairs)
  "$dwell" glass -model ka2 -N 300 -T_f 1.0 -swap_pairs CA,BC -glass_blocks 100 $quiet -out ka2.h5 >ka2.yaml
  check $? "ka2 with -swap_pairs CA,BC"
  cat ka2.yaml
  "$py" - <<'PY'
import sys
import h5py
import yaml
y = yaml.safe_load(open("ka2.yaml"))
f = h5py.File("ka2.h5", "r")
names = f["record"].attrs["swap_pair_types"].decode().split(",")
counts = f["record/swap_pair_counts"][()]
total = f["record/swap_counts"][()]
pairs = y.get("swap_pairs", {})
ok = (names == ["AC", "BC"] and sorted(pairs) == ["AC", "BC"] and counts.shape == (2, 2)
      and all(pairs[n]["attempts"] == counts[k, 0] and pairs[n]["accepted"] == counts[k, 1]
              for k, n in enumerate(names))
      and counts[:, 0].sum() == total[0] == y["swap_attempts"] and counts[:, 1].sum() == total[1])
print("pair types %s, counts %s, totals %s" % (names, counts.tolist(), total[:2].tolist()))
sys.exit(not ok)
PY
  check $? "YAML and file: swaps of AC and BC only, the same counts, adding up to the totals"
  ;;
bad_*)
  out=$work/out
  mkdir -p "$out"
  target=g.h5
  base=(glass -model pss -N 300 -seed 1 -glass_blocks 10 -out "$out/$target")
  case $case in
  bad_Tf_zero) cmd=("${base[@]}" -T_f 0) words=("-T_f 0" "positive") ;;
  bad_Tf_negative) cmd=("${base[@]}" -T_f -0.1) words=("-T_f -0.1" "positive") ;;
  bad_Tf_missing) cmd=("${base[@]}") words=("missing required option -T_f") ;;
  bad_unknown_model) cmd=(glass -model foo -T_f 0.1 -out "$out/$target") words=("unknown model 'foo'") ;;
  bad_swap_ka) cmd=(glass -model ka -T_f 1 -T_exp 0.3 -glass_dynamics swap -out "$out/$target") words=("model ka has no swap rule" "-glass_dynamics md") ;;
  bad_swap_type_lj) cmd=(glass -model lj -T_f 1 -T_exp 0.3 -swap_type hybrid -out "$out/$target") words=("model lj has no swap rule") ;;
  bad_N_zero) cmd=(glass -model pss -T_f 0.1 -N 0 -out "$out/$target") words=("-N 0" "positive") ;;
  bad_N_negative) cmd=(glass -model pss -T_f 0.1 -N -5 -out "$out/$target") words=("-N -5" "positive") ;;
  bad_Texp_above_Tf) cmd=("${base[@]}" -T_f 0.1 -T_exp 0.2) words=("-T_exp 0.2" "-T_f 0.1") ;;
  bad_unknown_option) cmd=("${base[@]}" -T_f 0.1 -glass_blokcs 5) words=("unknown option" "-glass_blokcs") ;;
  bad_out_not_h5) target=g.xyz cmd=(glass -model pss -T_f 0.1 -out "$out/g.xyz") words=("g.xyz" ".h5") ;;
  bad_out_dir_missing) cmd=(glass -model pss -T_f 0.1 -out "$out/missing/g.h5") words=("missing/g.h5" "cannot create") ;;
  esac
  echo "case $case: dwell ${cmd[*]}"
  "$dwell" "${cmd[@]}" >stdout.txt 2>stderr.txt
  status=$?
  sed 's/^/  | /' stderr.txt
  check $([ $status -ne 0 ]; echo $?) "non-zero exit status ($status)"
  nlines=$(grep -c . stderr.txt)
  check $([ "$nlines" = 1 ]; echo $?) "exactly one line on stderr ($nlines)"
  check $(grep -q '^dwell: error: ' stderr.txt; echo $?) "the line starts with 'dwell: error: '"
  for w in "${words[@]}"; do
    check $(grep -qF -- "$w" stderr.txt; echo $?) "the message contains \"$w\""
  done
  left=$(find "$out" -type f | tr '\n' ' ')
  check $([ -z "$left" ]; echo $?) "no output, checkpoint or temporary file (found: ${left:-none})"
  ;;
*)
  echo "glass_cmd.sh: unknown case '$case' (cases: $cases)" >&2
  exit 2
  ;;
esac
exit $fail
