#!/usr/bin/env bash
# The campaign engine's costs, measured in one run (issue 7):
#   1. master overhead: 16 and 64 workers (17 and 65 ranks, oversubscribed on this machine's
#      cores) on tiny tasks (pss N = 128, 4 glasses x 100 exploration runs of 1 tau): the
#      fraction of worker time spent waiting for a task that the master had ready (the
#      master's line "workers: ..."; a wait for the DAG, e.g. NEBs waiting for their
#      sample's merge, is not the master's), without and with prefetch
#      (-campaign_prefetch_below 0 and the default), one after the other in the same run
#      (issue 17: aim < 1%);
#   2. parallel efficiency from 1 to 2 workers: inputs/quickstart.yaml on 2 and 3 ranks
#      (the master mostly sleeps), T(1 worker) / (2 T(2 workers));
#   3. yield: IS, double wells and TLS (argon units of [PRL20], E < k_B T_Q) per core-hour
#      of worker time, for the quickstart and (LARGE=1) a larger pss campaign (N = 500,
#      T_f = 0.15, 2 glasses x 16 runs of 50 tau).
# usage: bench/farm.sh [BUILD] (default build/); env LARGE=1 adds the larger campaign,
# PREFETCH=S the prefetch bound of the runs with prefetch (-campaign_prefetch_below S; with 64
# workers on a few cores every task takes longer than the default 2 s, so none is sent ahead),
# ONLY1=1 runs part 1 alone.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
dwell=$build/dwell
flags="--oversubscribe"
[ "$(id -u)" -eq 0 ] && flags="$flags --allow-run-as-root"
work=$(mktemp -d /tmp/dwell-farmbench.XXXXXX)
cd "$work"
echo "bench/farm.sh: work directory $work, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

campaign() { # campaign NP DIR FILE [options]: runs, prints the master's worker line
  local np=$1 dir=$2 file=$3; shift 3
  /usr/bin/time -f %e -o "$dir.time" mpiexec $flags -n "$np" "$dwell" run "$file" -dir "$dir" \
    -campaign_progress_interval 0 -glass_progress_interval 0 "$@" > "$dir.log" 2>&1
}
busy() { awk '/^workers:/{for (i = 1; i <= NF; i++) if ($i == "busy") print $(i + 1)}' "$1.log"; }
yield_() { # yield DIR: IS, DW, TLS and per core-hour of worker time
  /usr/bin/python3 - "$1/library.h5" "$(busy "$1")" <<'PY'
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1]); hours = float(sys.argv[2]) / 3600
kT = dict(zip(f["campaign"].attrs["mt_sets"].decode().split(","), f["campaign/kT_Q"][()]))
n_is, n_dw = len(f["is/energy"]), len(f["dw/dV"])
q = f["dw/quantum/argon_prl20"]
n_tls = int(np.sum((q["E"][()] < kT["argon_prl20"]) & (q["converged"][()] == 1)))
print(f"IS {n_is}, DW {n_dw}, TLS {n_tls} (argon_prl20) in {hours * 3600:.0f} worker-s: "
      f"{n_is / hours:.0f} IS, {n_dw / hours:.0f} DW, {n_tls / hours:.1f} TLS per core-hour")
PY
}

echo "== 1. master overhead: 16 and 64 workers, tiny tasks"
cat > tiny.yaml <<'YAML'
model: pss
N: 128
seed: 1
T_f: [0.2]
N_g: 4
runs: 100
tau_cg: 1
tau_total: 1
neb_images: 8
YAML
for np in 17 65; do
  for pf in 0 default; do
    opt=(); [ "$pf" = 0 ] && opt=(-campaign_prefetch_below 0)
    [ "$pf" != 0 ] && [ -n "${PREFETCH:-}" ] && pf=$PREFETCH && opt=(-campaign_prefetch_below "$PREFETCH")
    campaign "$np" "tiny$np-$pf" tiny.yaml "${opt[@]}"
    printf '%3d workers, prefetch %-7s: ' $((np - 1)) "$pf"
    sed -n 's/^workers: [0-9]*, //p' "tiny$np-$pf.log"
  done
done

[ "${ONLY1:-0}" = 1 ] && exit 0
echo "== 2. parallel efficiency, inputs/quickstart.yaml on 1 and 2 workers"
campaign 2 qs1 "$root/inputs/quickstart.yaml"
campaign 3 qs2 "$root/inputs/quickstart.yaml"
t1=$(cat qs1.time) t2=$(cat qs2.time)
awk -v a="$t1" -v b="$t2" 'BEGIN{printf "wall: 1 worker %.1f s, 2 workers %.1f s: speed-up %.2f, efficiency %.2f\n", a, b, a / b, a / (2 * b)}'
/usr/bin/python3 "$root/tests/farm/compare_libraries.py" qs1/library.h5 qs2/library.h5

echo "== 3. yield per core-hour"
printf 'quickstart: '; yield_ qs1
if [ "${LARGE:-0}" = 1 ]; then
  campaign 3 large "$root/inputs/quickstart.yaml" -N 500 -T_f 0.15 -N_g 2 -runs 16 -tau_total 50
  echo "large (N = 500, T_f = 0.15, 2 x 16 runs of 50 tau): wall $(cat large.time) s"
  printf 'large: '; yield_ large
fi
