#!/usr/bin/env python3
"""The mode-pulling search of `dwell pull` ([PRR20] sec. II.C; include/dwell/pull.h) driven
through LAMMPS (bench/pull.sh): one interactive lmp process; per trial the displacement
A sqrt(N) d of the pull file's direction d is applied with displace_atoms (atomfile
variables), minimised (min_style cg, |F|_inf <= 1e-10), compared with r_0 (compute
displace/atom defined at r_0: largest displacement > tol_x or energy per particle off by more
than tol_e: moved, DWISSame's test), and undone with displace_atoms by -c_dsp. The search is the
same as DWPull's: the first A from eq. A3 (the file's Ac_cubic) clamped to [a_min, top],
top = min(a_max, A_ov (1 - rtol)) with dwell's overlap onset, growth by g, g^2, ..., then
bisection (geometric while A_hi / A_lo > 2). Prints one line per mode and a summary.
usage: pull_lammps.py IS.h5 IS.data PULL.h5 [rtol grow a0 amin amax tol_e tol_x]"""
import subprocess, sys, time, math
import numpy as np, h5py

is_h5, is_data, pull_h5 = sys.argv[1:4]
rtol, grow, a0, amin, amax, tol_e, tol_x = (list(map(float, sys.argv[4:11])) or
                                            [1e-3, 2, 1e-2, 1e-7, 1, 1e-10, 1e-4])
with h5py.File(pull_h5, "r") as f:
    g = f["pull"]
    rows = {k: g[k][()] for k in ("mode", "Ac", "Ac_cubic", "A_ov", "nmin", "reason")}
    direction = g["direction"][()]
N = direction.shape[1]

lmp = subprocess.Popen(["stdbuf", "-oL", "/usr/bin/lmp", "-log", "none", "-nocite"],
                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)


def cmd(line, wait=None):
    lmp.stdin.write(line + "\n")
    lmp.stdin.flush()
    while wait:
        out = lmp.stdout.readline()
        if not out or out.startswith("ERROR"):
            sys.exit("LAMMPS: " + (out or "ended"))
        if out.startswith(wait):
            return out.split()[1:]


for line in f"""units lj
atom_style atomic
atom_modify map array
boundary p p p
read_data {is_data}
mass * 1.0
pair_style lj/smooth/linear 2.5
pair_coeff * * 1.0 1.0 2.5
neighbor 0.3 bin
neigh_modify every 1 delay 0 check yes
min_style cg
min_modify norm inf
compute dsp all displace/atom
compute mx all reduce max c_dsp[4]
thermo_style custom step pe c_mx
thermo_modify norm no
variable rx atom -c_dsp[1]
variable ry atom -c_dsp[2]
variable rz atom -c_dsp[3]
run 0""".splitlines():
    cmd(line)
V0 = float(cmd('print "READY $(pe:%.17g)"', "READY")[0])


def trial(d, A):
    """Minimised from r_0 + A sqrt(N) d: whether it left r_0."""
    s = A * math.sqrt(N)
    for c, k in zip("xyz", range(3)):
        with open(f"d{c}.txt", "w") as out:
            out.write(f"{N}\n")
            out.writelines(f"{i + 1} {s * d[i, k]:.17g}\n" for i in range(N))
        cmd(f"variable d{c} delete")
        cmd(f"variable d{c} atomfile d{c}.txt")
    cmd("displace_atoms all move v_dx v_dy v_dz")
    cmd("minimize 0 1e-10 1000000 10000000")
    V, dmax = map(float, cmd('print "RESULT $(pe:%.17g) $(c_mx:%.6e)"', "RESULT"))
    cmd("displace_atoms all move v_rx v_ry v_rz")
    return abs(V - V0) / N > tol_e or dmax > tol_x


def search(d, first, top, capped):
    """A_c as DWPull finds it: (reason, A_hi, minimisations)."""
    b = {"lo": 0.0, "hi": math.inf, "n": 0}

    def t(A):
        b["n"] += 1
        b["hi" if trial(d, A) else "lo"] = A

    t(first)
    f = grow
    while b["hi"] == math.inf:
        if b["lo"] >= top:
            return capped, math.nan, b["n"]
        t(min(b["lo"] * f, top))
        f *= grow
    f = grow
    while b["lo"] == 0:
        if b["hi"] <= amin:
            return "amin", math.nan, b["n"]
        t(max(b["hi"] / f, amin))
        f *= grow
    while b["hi"] - b["lo"] > rtol * b["hi"]:
        lo, hi = b["lo"], b["hi"]
        t(math.sqrt(lo * hi) if hi > 2 * lo else (lo + hi) / 2)
    return "transition", b["hi"], b["n"]


total_t, total_n, nmodes, agree, both = 0.0, 0, 0, 0, 0
print("mode  dwell_Ac      dwell_nmin  lammps_Ac     lammps_nmin  lammps_s")
for j, mode in enumerate(rows["mode"]):
    top = min(amax, rows["A_ov"][j] * (1 - rtol))
    capped = "overlap" if rows["A_ov"][j] * (1 - rtol) <= amax else "amax"
    c3 = rows["Ac_cubic"][j]
    first = max(amin, min(c3 if c3 > 0 and math.isfinite(c3) else a0, top))
    t0 = time.time()
    reason, Ac, n = search(direction[j], first, top, capped) if top > amin else (capped, math.nan, 0)
    dt = time.time() - t0
    total_t += dt
    total_n += n
    nmodes += 1
    if reason == "transition" and rows["reason"][j] == 1:
        both += 1
        agree += abs(Ac - rows["Ac"][j]) <= 2 * rtol * max(Ac, rows["Ac"][j])
    print(f"{mode:4d}  {rows['Ac'][j]:.6e}  {rows['nmin'][j]:10d}  {Ac:.6e}  {n:11d}  {dt:8.2f}  {reason}")
lmp.stdin.close()
lmp.wait()
print(f"lammps_wall_per_mode: {total_t / nmodes:.3f}")
print(f"lammps_minimisations_per_mode: {total_n / nmodes:.2f}")
print(f"A_c_agree_within_2rtol: {agree} of {both} modes that transitioned in both")
