#!/usr/bin/env bash
# Mode pulling ([PRR20] sec. II.C; issue 15): A_c of the NMODES lowest modes of an lj IS of N
# particles (default 50 and 4000, as [PRR20] Fig. 3's smallest lj system), at -pull_rtol 1e-3:
# wall time per mode and minimisations per A_c of `dwell pull` (L-BFGS), side by side with the
# same search driven through LAMMPS (displace_atoms + minimize, min_style cg; bench/pull_lammps.py)
# from the same IS, directions, eq. A3 starts and overlap onsets, in the same run.
# The IS is a quench of a random configuration (dwell init + minimize; [PRR20] quenches a
# T = 2 liquid, which does not change the cost per mode). dwell's time per mode is
# (t_pull - t_modes) / NMODES, t_modes being `dwell modes -k NMODES` on the same IS.
# usage: bench/pull.sh [BUILD] (default build/); env N (4000), NMODES (50), SEED (1), BENCH_DIR.
#   Quick run: N=1000 NMODES=10 bench/pull.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
dwell=$build/dwell
py=/usr/bin/python3
n=${N:-4000} nmodes=${NMODES:-50} seed=${SEED:-1}
for exe in "$dwell" /usr/bin/lmp "$py"; do
  [ -x "$exe" ] || { echo "$0: $exe not found" >&2; exit 1; }
done
export OMP_NUM_THREADS=1
work=${BENCH_DIR:-$(mktemp -d /tmp/dwell-pullbench.XXXXXX)}
mkdir -p "$work" && cd "$work"
echo "bench/pull.sh: N = $n, $nmodes modes, work directory $work, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$dwell" init -model lj -N "$n" -seed "$seed" -out random.h5 >/dev/null
"$dwell" minimize -model lj -in random.h5 -out is.h5 >/dev/null
"$dwell" minimize -model lj -in is.h5 -out is.data >/dev/null
now() { date +%s.%N; }
t0=$(now)
"$dwell" modes -model lj -in is.h5 -k "$nmodes" >modes.yaml
t1=$(now)
"$dwell" pull -model lj -in is.h5 -pull_modes "0-$((nmodes - 1))" -out pull.h5 >pull.yaml
t2=$(now)
"$py" - "$t0" "$t1" "$t2" "$nmodes" << 'PY'
import sys, h5py, numpy as np
t0, t1, t2, k = map(float, sys.argv[1:5])
with h5py.File("pull.h5", "r") as f:
    g = f["pull"]
    reason, nmin, Tc = g["reason"][()], g["nmin"][()], g["T_c"][0]
print(f"dwell_modes_wall: {t1 - t0:.2f} s")
print(f"dwell_pull_wall: {t2 - t1:.2f} s (modes included)")
print(f"dwell_wall_per_mode: {(t2 - t1 - (t1 - t0)) / k:.3f} s")
print(f"dwell_minimisations_per_mode: {nmin.mean():.2f} (max {nmin.max()})")
print(f"dwell_transitions: {(reason == 1).sum()} of {int(k)}, overlap {(reason == -1).sum()}")
print(f"T_c: {Tc:.4e} eps/k_B")
PY
"$py" "$root/bench/pull_lammps.py" is.h5 is.data pull.h5
