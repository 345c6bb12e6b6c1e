#!/bin/bash
# ctest jobs_scripts: the job scripts and the full-size campaign files, without running them.
#   1. bash -n (syntax) of every jobs/*.sh and jobs/slurm/*.sbatch;
#   2. the lines the SLURM restart machinery rests on: --signal=B:USR1@ (campaign.sbatch,
#      array.sbatch), --array (array.sbatch), common.sh sourced and its dwell_run used, which
#      starts the launcher in the background, `wait`s and traps USR1 and TERM (common.sh), the
#      resubmission with afterany and --kill-on-invalid-dep=yes and never afterok, with this
#      job's time limit (campaign.sbatch); (tests/jobs/slurm_test.sh runs them on SLURM);
#   3. every campaign file inputs/*.yaml (those with a `runs:` key: quickstart, pss, tlj, ka2,
#      prl20, jcp23_set1, jcp23_set2, ...) accepted by `dwell run FILE -dry_run` (the engine's
#      own check of every key and value, before any work);
#   4. that a misspelt key does fail, named (a copy of pss.yaml with neb_imagse).
# Usage: check_scripts.sh SOURCE_DIR DWELL [PYTHON]
set -euo pipefail
root=$1 dwell=$2 python=${3:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }

# 1. Syntax.
for f in "$root"/jobs/run-local.sh "$root"/jobs/slurm/{campaign,array,report}.sbatch "$root"/jobs/slurm/common.sh; do
  [ -f "$f" ] || bad "$f is missing"
done
for f in "$root"/jobs/*.sh "$root"/jobs/slurm/*.sbatch "$root"/jobs/slurm/*.sh; do
  [ -f "$f" ] && { bash -n "$f" || bad "bash -n $f"; }
done

# 2. Required lines; has() looks at code only, so that a comment cannot fake them.
need() { grep -Eq -- "$2" "$root/jobs/slurm/$1" || bad "$1: no line matching '$2'"; }
has() { grep -v '^[[:space:]]*#' "$root/jobs/slurm/$1" > "$tmp/code" || true; grep -Eq -- "$2" "$tmp/code"; }
need campaign.sbatch '^#SBATCH +--signal=B:USR1@[0-9]+'
need array.sbatch '^#SBATCH +--signal=B:USR1@[0-9]+'
need array.sbatch '^#SBATCH +--array=[0-9]'
has array.sbatch 'SLURM_ARRAY_TASK_ID' || bad "array.sbatch: SLURM_ARRAY_TASK_ID unused"
for f in campaign.sbatch array.sbatch report.sbatch; do
  has $f '^source "\$root/jobs/slurm/common.sh"' || bad "$f: does not source common.sh"
done
for f in campaign.sbatch array.sbatch; do
  has $f '^dwell_run "\$dwell" run ' || bad "$f: dwell run not through dwell_run"
done
has common.sh '^[[:space:]]*"\$\{launcher\[@\]\}" "\$@" &[[:space:]]*$' || bad "common.sh: the launcher is not started in the background"
has common.sh '^[[:space:]]*wait ' || bad "common.sh: no wait on the launcher"
has common.sh '^trap .*USR1' || bad "common.sh: no USR1 trap"
has common.sh '^trap .*TERM' || bad "common.sh: no TERM trap"
has campaign.sbatch '--dependency="?afterany:' || bad "campaign.sbatch: no afterany resubmission"
has campaign.sbatch 'squeue -h -j "\$SLURM_JOB_ID" -o %l' || bad "campaign.sbatch: the successor does not get this job's time limit"
has campaign.sbatch '--kill-on-invalid-dep=yes' || bad "campaign.sbatch: no --kill-on-invalid-dep=yes"
if has campaign.sbatch afterok; then bad "campaign.sbatch: afterok in a restart chain"; fi
has report.sbatch 'dwell-plot' || bad "report.sbatch: no dwell-plot"

# 3. Campaign files: the engine itself checks each one (every key known, every value in
#    range, the stage objects set up) with `dwell run FILE -dry_run`, which creates nothing.
check_campaign() {
  "$dwell" run "$1" -dry_run > "$tmp/dry.log" 2>&1 || { cat "$tmp/dry.log" >&2; return 1; }
  grep -q 'campaign file checked' "$tmp/dry.log"
}
ncampaigns=0
for f in $(grep -l '^runs:' "$root"/inputs/*.yaml); do
  check_campaign "$f" || bad "inputs/$(basename "$f")"
  ncampaigns=$((ncampaigns + 1))
done
((ncampaigns >= 7)) || bad "only $ncampaigns campaign files found in inputs/"

# 4. The check catches a misspelt key.
sed 's/^neb_images:/neb_imagse:/' "$root/inputs/pss.yaml" > "$tmp/misspelt.yaml"
grep -q '^neb_imagse:' "$tmp/misspelt.yaml" || bad "self-test: inputs/pss.yaml has no neb_images"
if check_campaign "$tmp/misspelt.yaml" 2>/dev/null; then bad "self-test: a misspelt key passed"; fi
grep -q 'unknown option -neb_imagse' "$tmp/dry.log" || bad "self-test: the misspelt key is not named"

((fail == 0)) && echo "jobs_scripts: all checks passed"
exit "$fail"
