#!/usr/bin/env bash
# Quickstart: installs what is missing (apt-get), builds, and runs the part of the dwell
# pipeline that exists today: a random polydisperse soft-sphere configuration
# (inputs/quickstart.yaml), exported to extended XYZ, HDF5 and LAMMPS data, and its energy,
# pressure and forces. Results go to quickstart-out/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
dwell_install_packages
dwell_build
DWELL="$DWELL_BUILD/dwell"
OUT="$DWELL_ROOT/quickstart-out"
mkdir -p "$OUT"
cd "$DWELL_ROOT"
echo "== dwell init (inputs/quickstart.yaml)"
"$DWELL" init -options_file_yaml inputs/quickstart.yaml -out "$OUT/config.h5" | tee "$OUT/init.yaml"
"$DWELL" init -options_file_yaml inputs/quickstart.yaml -out "$OUT/config.xyz" >/dev/null
"$DWELL" init -options_file_yaml inputs/quickstart.yaml -out "$OUT/config.data" >/dev/null
echo "== dwell eval"
"$DWELL" eval -model pss -in "$OUT/config.h5" | tee "$OUT/eval.yaml"
echo "== written: $OUT/config.{h5,xyz,data} (open config.xyz in OVITO; config.h5 with h5py), init.yaml, eval.yaml"
