#!/usr/bin/env bash
# Speed and memory of the lowest K = 50 normal modes (issue 14): lj (rc = 2.5, shifted) at
# rho = 0.997 as [PRR20] sec. II.A, quenched by `dwell minimize` (L-BFGS to |F|_inf <=
# 1e-10) from a random configuration (`dwell init`; [PRR20] quench from a T = 2 liquid, a
# start of the same kind: far above the glass transition), for each N of NS.
# Per N, in one run: `dwell modes -modes_type M` for M in METHODS (sinvert: shift-and-invert
# with MUMPS Cholesky; lobpcg: LOBPCG preconditioned by GAMG) on each rank count of
# RANKS, and scipy's eigsh in shift-invert mode (sigma = -0.1, the target of dwell's sinvert:
# sigma = 0 would factorise the singular Hessian of the translations; SuperLU) on the same
# Hessian written out by bench_modes as a PETSc binary AIJ matrix (bench/modes_scipy.py).
# Measured by /usr/bin/time -v per process: wall time (the slowest rank), CPU time (user +
# system, summed over ranks: the measure that holds on a loaded machine) and peak resident
# memory (summed over ranks); for dwell also the DWModesSolve event time of -log_view (the
# eigensolver's set-up and solve, for sinvert with the MUMPS factorisations and the inertia
# checks; the wall time adds loading, the Hessian and the output), for scipy the eigsh call
# alone. The BLAS that dwell loads (libblas.so.3: the Debian alternative, or LD_LIBRARY_PATH)
# is printed first; scipy loads the same one. Checks that every method's
# 50 omega agree with scipy's (max relative difference printed), and prints the ratio of each
# to scipy and the scaling exponent of the wall time in N (least squares of log t on log N).
# usage: bench/modes.sh [BUILD] (default build/); env NS ("4000 32000"; add 128000 where
#   memory allows), METHODS ("sinvert lobpcg"), RANKS ("1 2"), K (50), TIMEOUT (3600 s per
#   run), BENCH_DIR. Runs under nice -n 10 (the machine is shared).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
dwell=$build/dwell
bench=$build/bench/bench_modes
py=/usr/bin/python3
ns=${NS:-4000 32000}
methods=${METHODS:-sinvert lobpcg}
ranks=${RANKS:-1 2}
k=${K:-50}
timeout=${TIMEOUT:-3600}
flags="--oversubscribe"
[ "$(id -u)" -eq 0 ] && flags="$flags --allow-run-as-root"
export OMP_NUM_THREADS=1
[ -x "$bench" ] || cmake --build "$build" --target bench_modes >/dev/null
for exe in "$dwell" "$bench" "$py" /usr/bin/time; do
  [ -x "$exe" ] || { echo "$0: $exe not found" >&2; exit 1; }
done
"$py" -c 'import scipy' 2>/dev/null || { echo "$0: python3-scipy is missing (jobs/setup.sh installs it)" >&2; exit 1; }
work=${BENCH_DIR:-$(mktemp -d /tmp/dwell-modesbench.XXXXXX)}
mkdir -p "$work"
cd "$work"
: > results.txt
blas=$(readlink -f "$(ldd "$dwell" | awk '$1 == "libblas.so.3" {print $3}')")
echo "bench/modes.sh: work directory $work, N = $ns, k = $k, $(nproc --all) cores, load $(cut -d' ' -f1-3 /proc/loadavg), BLAS $blas"

# wall seconds (max over the ranks' files), peak RSS in MB (sum) and CPU seconds (user +
# system, sum) of /usr/bin/time -v files
usage() {
  awk '/Elapsed \(wall clock\)/ {n = split($NF, a, ":"); s = 0; for (i = 1; i <= n; i++) s = 60 * s + a[i];
                                 if (s > w) w = s}
       /Maximum resident set size/ {m += $NF}
       /(User|System) time \(seconds\)/ {c += $NF}
       END {printf "%.2f %.0f %.2f\n", w, m / 1024, c}' "$@"
}
omega_list() { sed -n 's/^  - \[[^,]*, \([^,]*\),.*/\1/p' "$1" | paste -sd, -; }

for N in $ns; do
  d=N$N && mkdir -p "$d"
  nice -n 10 "$dwell" init -model lj -N "$N" -rho 0.997 -seed 1 -out "$d/random.h5" > /dev/null
  nice -n 10 "$dwell" minimize -model lj -in "$d/random.h5" -out "$d/is.h5" > "$d/minimize.yaml"
  nice -n 10 "$bench" -model lj -in "$d/is.h5" -out "$d/H.petsc"
  rm -f "$d"/scipy.time
  if nice -n 10 timeout "$timeout" /usr/bin/time -v -o "$d/scipy.time" "$py" "$root/bench/modes_scipy.py" "$d/H.petsc" "$k" > "$d/scipy.yaml" 2> "$d/scipy.err"; then
    read -r wall mem cpu < <(usage "$d/scipy.time")
    solve=$(awk '/^eigsh_wall_time:/ {print $2}' "$d/scipy.yaml")
    om=$(sed -n 's/^omega: \[\(.*\)\]/\1/p' "$d/scipy.yaml" | tr -d ' ')
    echo "$N scipy 1 $wall $mem $solve $cpu $om" >> results.txt
  else
    echo "$N scipy 1 fail fail fail fail -" >> results.txt
  fi
  for M in $methods; do
    for R in $ranks; do
      tag=$d/$M.$R
      rm -f "$tag".time.*
      if timeout "$timeout" mpiexec $flags -n "$R" sh -c 'exec nice -n 10 /usr/bin/time -v -o "$0.time.$OMPI_COMM_WORLD_RANK" "$@"' "$tag" \
        "$dwell" modes -model lj -in "$d/is.h5" -k "$k" -modes_type "$M" -log_view :"$tag.log" > "$tag.yaml" 2> "$tag.err"; then
        read -r wall mem cpu < <(usage "$tag".time.*)
        solve=$(awk '$1 == "DWModesSolve" {print $4}' "$tag.log")
        echo "$N $M $R $wall $mem $solve $cpu $(omega_list "$tag.yaml")" >> results.txt
      else
        echo "$N $M $R fail fail fail fail -" >> results.txt
        echo "  N = $N $M on $R rank(s) failed or timed out: $(tail -n 1 "$tag.err")"
      fi
    done
  done
  rm -f "$d/H.petsc"
  echo "  N = $N done ($(date +%T))"
done

"$py" - results.txt << 'PY'
import math, sys
import numpy as np
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
res, omega = {}, {}
for N, m, r, wall, mem, solve, cpu, om in rows:
    key = (m, int(r))
    res.setdefault(key, {})[int(N)] = None if wall == "fail" else (float(wall), float(mem), float(solve), float(cpu))
    if om != "-":
        omega[(int(N),) + key] = np.array([float(v) for v in om.split(",")])
Ns = sorted({int(r[0]) for r in rows})
print("\n| method | ranks | N | wall (s) | solve (s) | CPU (s) | peak memory (MB) | wall / scipy | CPU / scipy | memory / scipy | max rel. diff. of omega vs scipy |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for key in sorted(res, key=lambda k: (k[0] != "scipy", k)):
    for N in Ns:
        v, s = res[key].get(N), res[("scipy", 1)].get(N)
        if v is None:
            print(f"| {key[0]} | {key[1]} | {N} | failed | | | | | | | |")
            continue
        ratio = f"{v[0] / s[0]:.2f} | {v[3] / s[3]:.2f} | {v[1] / s[1]:.2f}" if s else " | | "
        diff = ""
        if (N,) + key in omega and (N, "scipy", 1) in omega:
            a, b = omega[(N,) + key], omega[(N, "scipy", 1)]
            diff = f"{np.max(np.abs(a - b) / np.abs(b)):.1e}" if len(a) == len(b) else "length differs"
        print(f"| {key[0]} | {key[1]} | {N} | {v[0]:.1f} | {v[2]:.1f} | {v[3]:.1f} | {v[1]:.0f} | {ratio} | {diff} |")
print("\nscaling exponent of the wall, solve and CPU times in N, t ~ N^x, least squares:")
for key in sorted(res, key=lambda k: (k[0] != "scipy", k)):
    pts = [(N, v) for N, v in sorted(res[key].items()) if v]
    if len(pts) < 2:
        continue
    lN = np.log([p[0] for p in pts])
    xw = np.polyfit(lN, np.log([p[1][0] for p in pts]), 1)[0]
    xs = np.polyfit(lN, np.log([p[1][2] for p in pts]), 1)[0]
    xc = np.polyfit(lN, np.log([p[1][3] for p in pts]), 1)[0]
    print(f"  {key[0]} on {key[1]} rank(s): wall {xw:.2f}, solve {xs:.2f}, CPU {xc:.2f} (N = {', '.join(str(p[0]) for p in pts)})")
PY
