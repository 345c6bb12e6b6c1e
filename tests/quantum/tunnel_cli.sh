#!/bin/bash
# dwell tunnel on the command line (issue 6: the YAML output and "Bad input: a profile that is
# not a double well, non-monotone xi, NaN, negative mass: clear error").
# Good cases assert the exit status and the YAML keys (with units), the values where they are
# known: the symmetric quartic well of test_quartic (V_b = 0.05, 2001 points, mt = 4000, d = 1)
# has Delta = 0, dV = 0, V_b as given and E as the reference there; -units sets mt.
# Bad cases assert, as tests/io/bad_input.sh does, a non-zero exit status and exactly one
# line on stderr, "dwell: error: ...", containing the words that name the problem.
# Usage: tunnel_cli.sh DWELL DIR CASE   (list: tunnel_cli.sh - - list)
set -uo pipefail
dwell=$1 dir=$2 case=$3

good="yaml units help warn_not_converged bench delta0_garg delta0_above_top"
bad="unknown_delta0 missing_file non_monotone nan_value negative_mass zero_d missing_d missing_mass
single_well intermediate_minimum max_at_end xi_range malformed_line unknown_units
too_few_points mass_and_units unknown_option"

if [ "$case" = list ]; then
  echo $good $bad
  exit 0
fi

work=$dir/$case
rm -rf "$work"
mkdir -p "$work"
cd "$work"

# profile NAME AWK-EXPRESSION-OF-x [N]: a two-column profile on N + 1 points of [0, 1]
profile() {
  awk -v n="${3:-40}" "BEGIN { print \"# xi V (eps)\"; for (i = 0; i <= n; i++) { x = i / n; printf \"%.17g %.17g\\n\", x, $2 } }" > "$1"
}
profile quartic.txt "16 * 0.05 * x * x * (1 - x) * (1 - x)" 2000

fail=0
check() { # check OK DESCRIPTION
  if [ "$1" = 0 ]; then echo "ok   $2"; else echo "FAIL $2"; fail=1; fi
}
has() { grep -qE -- "$1" stdout.txt; echo $?; }
# near KEY VALUE TOL: the YAML value of KEY is within TOL of VALUE
near() { awk -v k="$1:" -v v="$2" -v t="$3" '$1 == k { d = $2 - v; found = 1; exit !(d <= t && -d <= t) } END { if (!found) exit 1 }' stdout.txt; echo $?; }

if [[ " $good " == *" $case "* ]]; then
  case $case in
  yaml)
    cmd=(tunnel -profile quartic.txt -d 1 -mass 4000) ;;
  units)
    cmd=(tunnel -profile quartic.txt -d 1 -units nickel_prl20) ;;
  help)
    cmd=(tunnel -help) ;;
  warn_not_converged)
    cmd=(tunnel -profile quartic.txt -d 1 -mass 4000 -tunnel_n_xi 100 -tunnel_rtol 1e-9) ;;
  bench)
    cmd=(tunnel -profile quartic.txt -d 1 -mass 4000 -bench 20) ;;
  delta0_garg)
    cmd=(tunnel -profile quartic.txt -d 1 -mass 4000 -tunnel_delta0 garg) ;;
  delta0_above_top) # V_b = 0.0015 < omega / 2 = 0.0017: the garg level is above the top
    profile low.txt "16 * 0.0015 * x * x * (1 - x) * (1 - x)" 2000
    cmd=(tunnel -profile low.txt -d 1 -mass 4000 -tunnel_delta0 garg) ;;
  esac
  echo "case $case: dwell ${cmd[*]}"
  "$dwell" "${cmd[@]}" > stdout.txt 2> stderr.txt
  status=$?
  sed 's/^/  | /' stdout.txt stderr.txt
  check $([ $status -eq 0 ]; echo $?) "exit status 0 ($status)"
  case $case in
  yaml)
    for key in mt d kT_Q grid dV V_a V_b levels E E_tol converged tls omega_1 omega_2 Delta delta0_convention wkb_level S Delta_0 Gamma wkb_valid units; do
      check $(has "^$key: ") "key $key"
    done
    check $(has '^levels: \[[^,]+(, [^,]+){4}\]$') "five levels"
    check $(near dV 0 1e-15) "dV = 0 for a symmetric well"
    check $(near Delta 0 1e-12) "Delta = 0 for a symmetric well (to rounding of the end curvatures)"
    check $(near V_b 0.05 1e-9) "V_b = 0.05 as given (spline maximum)"
    check $(near E 2.518951577e-07 2.5e-14) "E within E_tol (1e-7 E) of the quadruple-precision reference 2.518951577e-7 eps (test_quartic)"
    check $(has '^converged: true$') "converged at the default grid"
    check $(has '^delta0_convention: jcp23$') "Delta_0 by [JCP23] eq. 15 by default"
    check $(has 'S: dimensionless, Gamma: eps/hbar') "units named" ;;
  delta0_garg)
    check $(has '^delta0_convention: garg$') "-tunnel_delta0 garg"
    check $(awk '$1 == "Delta_0:" { exit !($2 > 2.9e-7 && $2 < 2.93e-7) }' stdout.txt; echo $?) "Delta_0 = 2.91e-7 (garg, 1.157 E: test_delta0)" ;;
  delta0_above_top)
    check $(has '^Delta_0: nan$') "Delta_0 undefined: nan"
    check $(has '^Gamma: nan$') "Gamma undefined: nan"
    check $(has '^wkb_valid: false$') "wkb_valid false"
    check $(has '^wkb_reason: ".*above the barrier top') "the reason is given" ;;
  units)
    check $(has '^units_set: \{name: nickel_prl20') "unit set printed"
    check $(has '^mt: 30000') "mt = 30000 from -units nickel_prl20" ;;
  help)
    for opt in -profile -d -mass -units -units_sigma -bench -tunnel_n_xi -tunnel_extension -tunnel_check -tunnel_rtol -tunnel_delta0; do
      check $(has "^ +$opt[: ]") "help lists $opt"
    done ;;
  warn_not_converged)
    check $(has '^converged: false$') "flagged not converged"
    check $(grep -q '^dwell: warning: E = .* is not converged' stderr.txt; echo $?) "warning on stderr" ;;
  bench)
    check $(has '^bench: \{solves: 20, splittings_per_second: [0-9.]+, with_error_estimate_per_second: [0-9.]+') "bench line" ;;
  esac
  exit $fail
fi

case $case in
unknown_delta0)
  cmd=(tunnel -profile quartic.txt -d 1 -mass 4000 -tunnel_delta0 wkb)
  words=("(-tunnel_delta0) 'wkb'" "jcp23, ll, garg") ;;
missing_file)
  cmd=(tunnel -profile /nonexistent.txt -d 1 -mass 4000)
  words=("/nonexistent.txt" "cannot open") ;;
non_monotone)
  { echo "0 0"; echo "0.5 0.1"; echo "0.4 0.05"; echo "1 0"; } > p.txt
  cmd=(tunnel -profile p.txt -d 1 -mass 4000)
  words=("profile point 2" "xi = 0.4" "does not increase") ;;
nan_value)
  profile p.txt "16 * 0.05 * x * x * (1 - x) * (1 - x)"
  sed -i '10s/ .*/ nan/' p.txt
  cmd=(tunnel -profile p.txt -d 1 -mass 4000)
  words=("profile point 8" "V = nan" "not a finite number") ;;
negative_mass)
  cmd=(tunnel -profile quartic.txt -d 1 -mass -5)
  words=("-mass -5" "positive") ;;
zero_d)
  cmd=(tunnel -profile quartic.txt -d 0 -mass 4000)
  words=("path length d = 0" "positive") ;;
missing_d)
  cmd=(tunnel -profile quartic.txt -mass 4000)
  words=("missing required option -d") ;;
missing_mass)
  cmd=(tunnel -profile quartic.txt -d 1)
  words=("missing required option -mass" "-units") ;;
single_well)
  profile p.txt "0.5 * (x - 0.5) * (x - 0.5)"
  cmd=(tunnel -profile p.txt -d 1 -mass 4000)
  words=("not a double well" "no barrier" "highest point" "xi = 0") ;;
intermediate_minimum)
  profile p.txt "0.1 * (1 - cos(6 * 3.141592653589793 * x)) * (1 + 0.1 * x)"
  cmd=(tunnel -profile p.txt -d 1 -mass 4000)
  words=("not a double well" "intermediate minimum" "split the path") ;;
max_at_end)
  profile p.txt "0.1 * x * x * (2 - x)"
  cmd=(tunnel -profile p.txt -d 1 -mass 4000)
  words=("not a double well" "no barrier") ;;
xi_range)
  profile p.txt "16 * 0.05 * x * x * (1 - x) * (1 - x)"
  awk '!/^#/ { print 2 * $1, $2 }' p.txt > q.txt
  cmd=(tunnel -profile q.txt -d 1 -mass 4000)
  words=("xi must run from 0 to 1" "to 2") ;;
malformed_line)
  profile p.txt "16 * 0.05 * x * x * (1 - x) * (1 - x)"
  sed -i '5s/.*/0.1 abc/' p.txt
  cmd=(tunnel -profile p.txt -d 1 -mass 4000)
  words=("p.txt line 5" "expected two numbers") ;;
unknown_units)
  cmd=(tunnel -profile quartic.txt -d 1 -units krypton)
  words=("unknown unit set 'krypton'" "argon_prl20") ;;
too_few_points)
  { echo "0 0"; echo "0.5 0.1"; echo "1 0"; } > p.txt
  cmd=(tunnel -profile p.txt -d 1 -mass 4000)
  words=("at least 4 points" "got 3") ;;
mass_and_units)
  cmd=(tunnel -profile quartic.txt -d 1 -mass 4000 -units argon_prl20)
  words=("either -mass" "not both") ;;
unknown_option)
  cmd=(tunnel -profile quartic.txt -d 1 -mass 4000 -tunnel_nxi 100)
  words=("unknown option" "-tunnel_nxi") ;;
*)
  echo "tunnel_cli.sh: unknown case '$case' (cases: $good $bad)" >&2
  exit 2 ;;
esac

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
exit $fail
