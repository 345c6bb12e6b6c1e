#!/usr/bin/env bash
# Quickstart: installs what is missing (apt-get), builds, and runs the part of the dwell
# pipeline that exists today on a small pss system (inputs/quickstart.yaml):
#   1. dwell glass    swap-MC equilibration at T_f with proof of equilibrium (F_s, tau_alpha),
#                     quench to T_exp;
#   2. dwell explore  isoconfigurational MD + minimisation: the inherent-structure library
#                     and the candidate pairs for double wells;
#   3. dwell tunnel   the 1D Schroedinger splitting of a double-well profile (an example
#                     profile until the NEB stage feeds real ones).
# Results go to quickstart-out/ (HDF5 files readable with h5py, YAML summaries).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
dwell_install_packages
dwell_build
DWELL="$DWELL_BUILD/dwell"
OUT="$DWELL_ROOT/quickstart-out"
rm -rf "$OUT" && mkdir -p "$OUT"
cd "$DWELL_ROOT"
echo "== 1. dwell glass (inputs/quickstart.yaml)"
"$DWELL" glass -options_file_yaml inputs/quickstart.yaml -out "$OUT/glass.h5" | tee "$OUT/glass.yaml"
echo "== 2. dwell explore: 4 runs of 20 tau at T_exp, minimising every tau"
"$DWELL" explore -in "$OUT/glass.h5" -model pss -T_exp 0.04 -runs 4 -tau_cg 1 -tau_total 20 -seed 1 \
  -out "$OUT/islib.h5" | tee "$OUT/explore.yaml"
echo "== 3. dwell tunnel: levels of an example double well (argon units of PRL20)"
"$DWELL" tunnel -profile inputs/tunnel_profile.txt -d 0.8 -units argon_prl20 | tee "$OUT/tunnel.yaml"
echo "== written to $OUT: glass.h5, islib.h5 (h5py), glass.yaml, explore.yaml, tunnel.yaml"
