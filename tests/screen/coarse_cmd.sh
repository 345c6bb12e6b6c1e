#!/usr/bin/env bash
# `dwell neb -neb_coarse` end to end on the quickstart pair "kink" (tests/landscape/data, pss
# N = 250; three double wells): both passes printed, the coarse one cheaper in force
# evaluations; at -neb_coarse_keep_multiple 1 (its E_lo is above k_B T_Q for both unit sets)
# the pair is discarded and the full NEB skipped; too few images is a one-line error.
# usage: coarse_cmd.sh DWELL DATA WORKDIR
set -euo pipefail
dwell=$1
data=$2
work=$3
mkdir -p "$work" && cd "$work"
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }
pair=(-model pss -a "$data/neb_kink_a.xyz" -b "$data/neb_kink_b.xyz")

"$dwell" neb "${pair[@]}" -neb_coarse > kept.yaml
grep -q '^full_neb: run (kept)' kept.yaml && grep -q '^full_splittings:' kept.yaml &&
  [ "$(grep -c 'argon_prl20: {mt: 4000' kept.yaml)" = 3 ] &&
  ok "kept: the coarse pass's 3 records with E and bound, then the full NEB and its splittings" ||
  bad "kept: coarse records, full_neb or full_splittings missing (see kept.yaml)"
coarse=$(awk '/^  force_evaluations:/{print $2; exit}' kept.yaml)
full=$(awk '/^force_evaluations:/{print $2; exit}' kept.yaml)
[ -n "$coarse" ] && [ -n "$full" ] && [ "$coarse" -lt "$full" ] &&
  ok "coarse $coarse < full $full force evaluations" || bad "evaluations: coarse '$coarse', full '$full'"

"$dwell" neb "${pair[@]}" -neb_coarse -neb_coarse_keep_multiple 1 > discarded.yaml
grep -q '^full_neb: skipped (discarded)' discarded.yaml && ! grep -q '^status:' discarded.yaml &&
  ok "multiple 1: discarded, no full NEB" || bad "multiple 1: not discarded (see discarded.yaml)"

if "$dwell" neb "${pair[@]}" -neb_coarse -neb_coarse_images 4 > /dev/null 2> few.err; then
  bad "-neb_coarse_images 4 accepted"
else
  grep -q 'neb_coarse_images 4 must be >= 6' few.err && [ "$(grep -c . few.err)" -le 3 ] &&
    ok "-neb_coarse_images 4: one-line error" || bad "-neb_coarse_images 4: message (see few.err)"
fi
exit $fail
