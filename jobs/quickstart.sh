#!/usr/bin/env bash
# Quickstart: installs what is missing (apt-get), builds, and runs the campaign
# inputs/quickstart.yaml on 2 MPI ranks (a master and a worker; about 1 minute
# on an idle 2-core machine once built):
#   swap-MC glasses at two T_f -> isoconfigurational exploration -> IS libraries and
#   candidate pairs -> NEB double wells -> tunnel splittings -> library.h5 and the report
#   (N_g, N_IS, N_DW, N_TLS and n0 per T_f and unit set), then the plots of [PRL20] Figs. 2-3.
# Results go to quickstart-out/: library.h5 (h5py, h5dump), report.yaml, plots/*.png.
# Running it again resumes (nothing to do when complete); remove quickstart-out/ to start over.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
dwell_install_packages
dwell_build
cd "$DWELL_ROOT"
flags="--oversubscribe"
[ "$(id -u)" -eq 0 ] && flags="$flags --allow-run-as-root"
# exit code 4: the campaign completed with tasks given up (each with its reason in the report),
# a result to show, not a failure of the quickstart
status=0
mpiexec $flags -n 2 "$DWELL_BUILD/dwell" run inputs/quickstart.yaml -dir quickstart-out || status=$?
[ "$status" = 0 ] || [ "$status" = 4 ] || exit "$status"
/usr/bin/python3 src/plot/dwell-plot quickstart-out/library.h5 -o quickstart-out/plots
echo "== quickstart-out/: library.h5, report.yaml, plots/ (dwell status quickstart-out, dwell report quickstart-out)"
