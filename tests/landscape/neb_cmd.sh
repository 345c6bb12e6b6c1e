#!/usr/bin/env bash
# `dwell neb` end to end, on 2 ranks: a ka2 pair (neb_pair) gives a converged double well
# whose saddle check passes; the YAML and the HDF5 path file agree, and every dataset of
# the file has units and a description. The batch mode reads an IS library of
# `dwell explore` (a short exploration; its candidates, if any, are solved). Bad input stops
# with a one-line error and writes nothing: a file that does not exist, end points of
# different sizes, of different models, a model other than -model, identical end points, an
# output that is not .h5, a library of another model.
# usage: neb_cmd.sh DWELL NEB_PAIR WORKDIR MPIEXEC [MPIEXEC_FLAGS...]
set -euo pipefail
dwell=$1
pair=$2
work=$3
mpiexec=$4
shift 4
mkdir -p "$work" && cd "$work"
rm -f ./*.h5 ./*.xyz ./*.yaml ./*.err
py=/usr/bin/python3
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }

"$pair" -model ka2 -N 256 -seed 3 -a a.h5 -b b.h5 ${DWELL_PAIR_DATA:+-pair_data "$DWELL_PAIR_DATA"} >/dev/null
"$mpiexec" "$@" -n 2 "$dwell" neb -model ka2 -a a.h5 -b b.h5 -neb_images 12 -out paths.h5 > neb.yaml
grep -q '^status: converged' neb.yaml && grep -q 'first_order: true' neb.yaml && ok "2 ranks: converged, the climbing image is a first-order saddle" || bad "2 ranks: status or saddle check (see neb.yaml)"
$py - <<'PY' || fail=1
import sys
import h5py
ok = True
def check(what, good):
    global ok
    ok = ok and good
    print("%s %s" % ("ok  " if good else "FAIL", what))
lines = open("neb.yaml").read().split("\n")
va = float(next(l.split(":")[1].split("#")[0] for l in lines if l.strip().startswith("V_a:")))
f = h5py.File("paths.h5", "r")
missing = []
def visit(name, obj):
    if isinstance(obj, h5py.Dataset) and not ("units" in obj.attrs and "description" in obj.attrs):
        missing.append(name)
f.visititems(visit)
check("every dataset has units and description (missing: %s)" % (missing or "none"), not missing)
check("/dw/V_a = YAML V_a (%.12g)" % va, abs(f["dw/V_a"][0] - va) <= 1e-9 * abs(va))
check("/paths/dw_0: M = 12 images of N = 256 particles, xi from 0 to 1, V(0) = 0",
      f["paths/dw_0/images"].shape == (12, 256, 3) and f["paths/dw_0/xi"][0] == 0 and abs(f["paths/dw_0/xi"][-1] - 1) < 1e-14 and f["paths/dw_0/V"][0] == 0)
check("root attributes: model ka2, neb_type string (the default), spring 0.125", f.attrs["model"].decode() == "ka2" and f.attrs["neb_type"].decode() == "string" and f.attrs["neb_spring"] == 0.125)
sys.exit(0 if ok else 1)
PY

# batch over a (small) IS library of dwell explore
"$dwell" explore -in a.h5 -model ka2 -runs 1 -tau_cg 0.5 -tau_total 2 -T_exp 0.3 -seed 1 -out lib.h5 >/dev/null
"$dwell" neb -model ka2 -in lib.h5 -neb_images 12 -out batch.h5 > batch.yaml
ncand=$(awk '/^candidates:/{print $2}' batch.yaml)
nsolved=$(awk '/^solved:/{print $2}' batch.yaml)
[ -n "$ncand" ] && [ -f batch.h5 ] && ok "batch: library read, $ncand candidates, $nsolved solved, batch.h5 written" || bad "batch mode (see batch.yaml)"

# bad input: error, one line, nothing written
"$dwell" init -model ka2 -N 300 -seed 1 -out n300.xyz >/dev/null
"$dwell" init -model ka -N 256 -seed 1 -out ka.xyz >/dev/null
expect_error() {
  local what=$1 pattern=$2
  shift 2
  rm -f out.h5
  if "$dwell" neb "$@" -out out.h5 > /dev/null 2> err.txt; then bad "$what: no error"; return; fi
  if [ -e out.h5 ] || ls out.h5.tmp.* >/dev/null 2>&1; then bad "$what: a file was written"; return; fi
  if [ "$(wc -l < err.txt)" -ne 1 ] || ! grep -q "$pattern" err.txt; then bad "$what: message '$(head -c 200 err.txt)'"; return; fi
  ok "$what: $(cat err.txt)"
}
expect_error "missing file" "nothere.xyz" -model ka2 -a a.h5 -b nothere.xyz
expect_error "different sizes" "differ in size" -model ka2 -a a.h5 -b n300.xyz
expect_error "different models" "different models" -model ka2 -a a.h5 -b ka.xyz
expect_error "model other than -model" "not -model ka" -model ka -a a.h5 -b b.h5
expect_error "identical end points" "same configuration" -model ka2 -a a.h5 -b a.h5
expect_error "missing end point" "missing required options" -model ka2 -a a.h5
expect_error "library of another model" "not -model ka" -model ka -in lib.h5
expect_error "library that does not exist" "nolib.h5" -model ka2 -in nolib.h5
rm -f out.xyz
if "$dwell" neb -model ka2 -a a.h5 -b b.h5 -out out.xyz > /dev/null 2> err.txt || [ -e out.xyz ] || ! grep -q "HDF5" err.txt; then bad "output not .h5: $(cat err.txt)"; else ok "output not .h5: $(cat err.txt)"; fi
exit $fail
