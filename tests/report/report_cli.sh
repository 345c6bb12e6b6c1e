#!/bin/bash
# dwell report DIR and dwell-plot on synthetic libraries of known content
# (tests/report/make_library.py; the schema is in include/dwell/library.h).
# Usage: report_cli.sh DWELL SOURCE_DIR
#
# The library: N = 100 particles, N_g = 3 glasses per T_f, T_f = 0.092 (index 0) and 0.062
# (index 1), unit sets argon_prl20 (mt 4000, kT_Q = 2 pi / 4000 = 0.00157079633 eps) and
# nickel_prl20 (mt 30000, kT_Q = 2 pi / 30000 = 0.00020943951 eps); model pss, rho = 1.
# Hand computation:
#   T_f 0: samples 0 1 2, all done: N_g = 3; N_IS = 10 + 7 + 5 = 22; /dw rows 0-4: N_DW = 5.
#          N_IS/N_g = 22/3 = 7.33333333, N_DW/N_g = 5/3 = 1.66666667, N_DW/N_IS = 5/22 = 0.227272727.
#     argon  E = 1e-4 1.2e-3 2e-3 5e-4 1.5e-3, converged 1 1 1 0 1: below kT_Q and converged:
#            1e-4, 1.2e-3, 1.5e-3 (5e-4 is not converged) -> N_TLS = 3, N_TLS/N_DW = 0.6;
#            n0 = 3 / (100 * 3 * 2 pi / 4000) = 20 / pi = 6.36619772 eps^-1 per particle,
#            error sqrt(3) 4000 / (300 * 2 pi) = 3.67552597;
#            n0 in SI: n0 rho / (eps sigma^3), eps = mt hbar^2 / (m sigma^2) = 6.41362005e-21 J
#            with [PRL20]'s m = 6e-26 kg, sigma = 3.4e-10 m: 1 / (eps sigma^3) = 3.96698009e48
#            -> 2.52545796e49 J^-1 m^-3.
#            With -report_E_lo 0.5: window [7.854e-4, 1.5708e-3) holds 1.2e-3 and 1.5e-3, K = 2,
#            n0 = 2 / (300 * 0.5 * 2 pi / 4000) = 8.48826363.
#     nickel E = 1e-5 3e-4 2e-4 1e-4 5e-5, converged 1 1 1 1 0: 1e-5, 2e-4, 1e-4 -> N_TLS = 3;
#            n0 = 3 / (300 * 2 pi / 30000) = 150 / pi = 47.7464829.
#   T_f 1: samples 3 4 5, sample 4 failed (its 3 IS do not count): N_g = 2, N_IS = 4 + 6 = 10;
#          /dw rows 5-7: N_DW = 3; N_IS/N_g = 5, N_DW/N_g = 1.5, N_DW/N_IS = 0.3.
#     argon  E = 3e-3 1e-3 1.6e-3, all converged: only 1e-3 -> N_TLS = 1, N_TLS/N_DW = 1/3;
#            n0 = 1 / (100 * 2 * 2 pi / 4000) = 10 / pi = 3.18309886, error the same.
#     nickel E = 5e-4 6e-4 7e-4: N_TLS = 0, n0 = 0 with error 0 (K = 0, said so), 95% upper
#            limit -ln(0.05) / (200 * 2 pi / 30000) = 71.5178399.
# The empty library (--empty --rho 1.2): no /dw rows: N_DW = N_TLS = 0, n0 = 0 (K = 0),
# N_TLS/N_DW null, rho 1.2 from the campaign's options.
set -uo pipefail
dwell=$1 src=$2
py=/usr/bin/python3
work=$(mktemp -d "${TMPDIR:-/tmp}/dwell-report.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0

check() { # check STATUS DESCRIPTION
  if [ "$1" = 0 ]; then echo "ok   $2"; else echo "FAIL $2"; fail=1; fi
}
# value FILE TF_INDEX SET KEY: the YAML value of KEY for T_f index TF_INDEX and unit set SET
# ("-": a key of the T_f itself, "top": a top-level key)
value() {
  awk -v t="$2" -v s="$3" -v k="$4:" '
    /^[^ #]/ { ti = "top"; set = "top" }
    /^  - index: / { ti = $3; set = "-"; next }
    /^      - name: / { set = $3; next }
    (s == "top" || ti == t) && set == s && $1 == k { print $2; exit }' "$1"
}
# near FILE TF_INDEX SET KEY EXPECTED: equal to 1e-8 relative (exactly, for 0)
near() {
  local v
  v=$(value "$1" "$2" "$3" "$4")
  awk -v v="$v" -v e="$5" 'BEGIN { d = v - e; if (d < 0) d = -d; a = e < 0 ? -e : e;
                             exit !(v != "" && d <= 1e-8 * a) }'
  echo $?
}
is() { # is FILE TF_INDEX SET KEY TEXT: exactly TEXT
  [ "$(value "$1" "$2" "$3" "$4")" = "$5" ]
  echo $?
}

mkdir -p "$work/full" "$work/empty" "$work/missing"
"$py" "$src/tests/report/make_library.py" "$work/full/library.h5" || exit 1
"$py" "$src/tests/report/make_library.py" "$work/empty/library.h5" --empty --rho 1.2 || exit 1

echo "== dwell report $work/full"
"$dwell" report "$work/full" > "$work/out.txt" 2> "$work/err.txt"
status=$?
sed 's/^/  | /' "$work/out.txt" "$work/err.txt"
y=$work/out.txt
check $([ $status -eq 0 ]; echo $?) "exit status 0 ($status)"
check $([ -s "$work/full/report.yaml" ]; echo $?) "report.yaml written"
check $(diff <(grep -v '^#' "$y") "$work/full/report.yaml" > /dev/null; echo $?) \
  "report.yaml is the YAML printed"
check $([ -z "$(ls "$work/full" | grep tmp)" ]; echo $?) "no temporary file left"
check $([ -z "$(grep -v '^  |' "$work/err.txt")" ]; echo $?) "nothing on stderr"
check $(is "$y" 0 top N 100) "N = 100"
check $(is "$y" 0 top rho 1) "rho = 1 (pss)"
for spec in "0 N_g 3" "0 N_IS 22" "0 N_DW 5" "1 N_g 2" "1 N_g_failed 1" "1 N_IS 10" "1 N_DW 3"; do
  set -- $spec
  check $(is "$y" $1 - $2 $3) "T_f $1: $2 = $3"
done
for spec in "0 N_IS/N_g 7.33333333" "0 N_DW/N_g 1.66666667" "0 N_DW/N_IS 0.227272727" \
  "1 N_IS/N_g 5" "1 N_DW/N_g 1.5" "1 N_DW/N_IS 0.3"; do
  set -- $spec
  check $(near "$y" $1 - $2 $3) "T_f $1: $2 = $3"
done
for spec in "0 argon_prl20 N_TLS 3" "0 nickel_prl20 N_TLS 3" "1 argon_prl20 N_TLS 1" \
  "1 nickel_prl20 N_TLS 0" "0 argon_prl20 N_converged 4" "0 argon_prl20 n0_count 3" \
  "1 nickel_prl20 n0_count 0"; do
  set -- $spec
  check $(is "$y" $1 $2 $3 $4) "T_f $1 $2: $3 = $4"
done
for spec in "0 argon_prl20 kT_Q 0.00157079633" "0 argon_prl20 N_TLS/N_DW 0.6" \
  "0 argon_prl20 n0 6.36619772" "0 argon_prl20 n0_err 3.67552597" \
  "0 argon_prl20 n0_SI 2.52545796e49" "0 nickel_prl20 n0 47.7464829" \
  "1 argon_prl20 N_TLS/N_DW 0.333333333" "1 argon_prl20 n0 3.18309886" \
  "1 argon_prl20 n0_err 3.18309886" "1 nickel_prl20 n0 0" "1 nickel_prl20 n0_err 0" \
  "1 nickel_prl20 n0_upper95 71.5178399"; do
  set -- $spec
  check $(near "$y" $1 $2 $3 $4) "T_f $1 $2: $3 = $4"
done
check $(grep -q 'n0_note: "K = 0' "$y"; echo $?) "K = 0 said so"
check $(grep -qE '^# T_f \(eps/k_B\) +unit set +kT_Q \(eps\)' "$y"; echo $?) "table with units"
check $(grep -qE '^# 0.092 +argon_prl20 .* 6.366 \+- 3.7 ' "$y"; echo $?) "table row of n0"

echo "== dwell report $work/full -report_E_lo 0.5"
"$dwell" report "$work/full" -report_E_lo 0.5 > "$work/out2.txt" 2>&1
check $? "exit status 0"
check $(is "$work/out2.txt" 0 argon_prl20 n0_count 2) "window [0.5, 1) kT_Q: K = 2"
check $(near "$work/out2.txt" 0 argon_prl20 n0 8.48826363) "window [0.5, 1) kT_Q: n0 = 8.48826363"
check $(is "$work/out2.txt" 0 argon_prl20 N_TLS 3) "N_TLS does not depend on the window"

echo "== dwell report $work/empty (no double wells)"
"$dwell" report "$work/empty" > "$work/out3.txt" 2>&1
status=$?
y=$work/out3.txt
check $([ $status -eq 0 ]; echo $?) "exit status 0 ($status)"
check $(is "$y" 0 top rho 1.2) "rho = 1.2 from the options"
for t in 0 1; do
  check $(is "$y" $t - N_DW 0) "T_f $t: N_DW = 0"
  for s in argon_prl20 nickel_prl20; do
    check $(is "$y" $t $s N_TLS 0) "T_f $t $s: N_TLS = 0"
    check $(is "$y" $t $s n0 0) "T_f $t $s: n0 = 0"
    check $(is "$y" $t $s N_TLS/N_DW null) "T_f $t $s: N_TLS/N_DW null"
  done
done
check $(grep -c 'n0_note: "K = 0' "$y" | grep -qx 4; echo $?) "K = 0 said for each T_f and set"

echo "== dwell report $work/plan (the plan per T_f, [JCP23] Table I)"
mkdir -p "$work/plan"
"$py" "$src/tests/report/make_library.py" "$work/plan/library.h5" --plan || exit 1
"$dwell" report "$work/plan" > "$work/out5.txt" 2>&1
check $? "exit status 0"
y=$work/out5.txt
for spec in "0 N_g_planned 3" "0 runs 4" "0 tau_cg 0.5" "0 N_cg 200" "0 tau_total 100" \
  "1 runs 8" "1 tau_cg 2" "1 N_cg 200" "1 tau_total 400"; do
  set -- $spec
  check $(is "$y" $1 - $2 $3) "T_f $1: $2 = $3"
done
check $(grep -qE '^# 0.062 +3 +8 +2 +200 +400$' "$y"; echo $?) "plan table row of T_f = 0.062"
for spec in "0 N_NEB_failed 2" "1 N_NEB_failed 2"; do
  set -- $spec
  check $(is "$y" $1 - $2 $3) "T_f $1: $2 = $3 (/candidates/neb_reason)"
done
check $(grep -qx '    NEB_failed_by_reason: {"not converged: iteration cap reached": 1, "not converged: too many intermediate minima": 1}' "$y"; echo $?) \
  "T_f 0: NEB failures by reason"
check $(grep -qx '    NEB_failed_by_reason: {"not converged: iteration cap reached": 1, "error inside the task": 1}' "$y"; echo $?) \
  "T_f 1: NEB failures by reason"
check $(grep -c '^    N_NEB_failed: null' "$work/out.txt" | grep -qx 2; echo $?) \
  "a library without /candidates/neb_reason says so"
check $(! grep -q '^    runs: ' "$work/out.txt"; echo $?) "a library without a plan reports none per T_f"

echo "== dwell report $work/missing (no library)"
"$dwell" report "$work/missing" > "$work/out4.txt" 2> "$work/err4.txt"
status=$?
sed 's/^/  | /' "$work/err4.txt"
check $([ $status -ne 0 ]; echo $?) "exit status non-zero ($status)"
check $([ "$(cat "$work/err4.txt")" = "dwell: error: $work/missing/library.h5 does not exist (run dwell collect $work/missing)" ]; echo $?) \
  "one line: DIR/library.h5 does not exist (run dwell collect DIR)"
check $([ ! -e "$work/missing/report.yaml" ]; echo $?) "no report.yaml"

echo "== dwell-plot"
for lib in full empty; do
  "$py" "$src/src/plot/dwell-plot" "$work/$lib/library.h5" -o "$work/$lib/plots" > "$work/plot.txt" 2>&1
  status=$?
  sed 's/^/  | /' "$work/plot.txt"
  check $([ $status -eq 0 ]; echo $?) "$lib: exit status 0 ($status)"
  for f in nE_over_E_argon_prl20 nE_over_E_nickel_prl20 delta0_cdf_argon_prl20 \
    delta0_cdf_nickel_prl20 dw_pdfs; do
    png=$work/$lib/plots/$f.png
    check $([ "$(head -c 4 "$png" 2> /dev/null | tail -c 3)" = PNG ] && grep -qx "$png" "$work/plot.txt"; echo $?) \
      "$lib: $f.png written and listed"
  done
done
check $(grep -q "no double wells" "$work/plot.txt"; echo $?) "empty: says there are no double wells"

exit $fail
