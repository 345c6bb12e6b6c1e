#!/usr/bin/env bash
# The spline ends of the tunnelling profile (-tunnel_spline_ends, src/quantum/profile.c).
# 1. Accuracy on an exact double well whose ends are minima: V = 0.6 xi^2 (1 - xi)^2
#    (1 + xi/2) + 0.002 xi^2 (3 - 2 xi), mt = 4000, d = 0.8. The reference E is that of 2001
#    samples (both end conditions agree there to 3e-6 relative: the spline error is O(h^4)).
#    From 41 samples (inputs/tunnel_profile.txt) the zero-slope ends must be within 0.2% of
#    it and closer than not-a-knot (measured: 0.07% and 0.6%).
# 2. A coarse 12-image NEB profile with a flat-bottomed well (tests/quantum/neb_profile_12.txt):
#    not-a-knot finds a negative end curvature (not a double well), minima ends solve it.
# usage: spline_ends.sh DWELL SOURCE_DIR
set -euo pipefail
dwell=$1 src=$2
work=$(mktemp -d /tmp/dwell-spline.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
E() { "$dwell" tunnel -d "$2" -mass 4000 -profile "$1" -tunnel_spline_ends "$3" | awk '/^E:/{print $2}'; }
/usr/bin/python3 -c "
import numpy as np
x = np.linspace(0, 1, 2001)
V = 0.6 * x**2 * (1 - x)**2 * (1 + x / 2) + 0.002 * x**2 * (3 - 2 * x)
np.savetxt('$work/fine.txt', np.c_[x, V])"
ref=$(E "$work/fine.txt" 0.8 minima)
ref2=$(E "$work/fine.txt" 0.8 notaknot)
minima=$(E "$src/inputs/tunnel_profile.txt" 0.8 minima)
nak=$(E "$src/inputs/tunnel_profile.txt" 0.8 notaknot)
awk -v r="$ref" -v r2="$ref2" -v m="$minima" -v n="$nak" 'BEGIN {
  dr = (r - r2) / r; em = (m - r) / r; en = (n - r) / r
  printf "E_ref %.10g (not-a-knot %.2e off); 41 samples: minima %.2e, not-a-knot %.2e\n", r, dr, em, en
  if (dr < 0) dr = -dr; if (em < 0) em = -em; if (en < 0) en = -en
  exit !(dr < 1e-5 && em < 2e-3 && em < en) }' || fail "zero-slope ends not accurate"
if "$dwell" tunnel -d 0.4529 -mass 4000 -profile "$src/tests/quantum/neb_profile_12.txt" \
  -tunnel_spline_ends notaknot > "$work/nak.out" 2>&1; then
  fail "not-a-knot accepted the flat-bottomed 12-image profile (the test lost its point)"
fi
grep -q 'not a double well' "$work/nak.out" || fail "unexpected: $(cat "$work/nak.out")"
e=$(E "$src/tests/quantum/neb_profile_12.txt" 0.4529 minima)
awk -v e="$e" 'BEGIN { exit !(e > 0) }' || fail "minima ends: E = $e"
echo "spline_ends: passed (12-image profile: E = $e eps)"
