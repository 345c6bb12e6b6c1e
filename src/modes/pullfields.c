/* The columns of a pulled mode (include/dwell/pull.h), one table for the pull file of `dwell
   pull` (src/io/pullfile.c) and the /pull table of a campaign library (src/farm/stagepull.c):
   names, units and descriptions ([PRR20] eqs. 3-10, A2, A3). */
#include <dwell/pull.h>

#define COL(field, units, desc)                                                                    \
  {                                                                                                \
#field, units, desc, offsetof(DWPullResult, field)                                             \
  }
const DWPullField DWPullRealFields[DW_PULL_NREALS] = {
    COL(lambda, "eps/sigma^2", "eigenvalue omega_k^2 = kappa of the mode, PRR20 eq. A2"),
    COL(omega, "1/tau", "eigenfrequency omega_k"),
    COL(P, "1", "participation ratio P_k, PRR20 eq. 4"),
    COL(O, "1", "phonon order parameter O_k, PRR20 eq. 3"),
    COL(tau, "eps/sigma^3", "U:eee along the pulled direction, PRR20 eq. A2"),
    COL(Ac_cubic, "sigma", "A_c of the cubic expansion, -2 kappa / (tau sqrt(N)), PRR20 eq. A3"),
    COL(A_ov, "sigma", "A where a pair first comes closer than -pull_overlap s_ij (inf: none)"),
    COL(Ac, "sigma", "A_c: smallest A seen to transition, PRR20 eq. 5 (NaN: no transition)"),
    COL(Ac_lo, "sigma", "largest A seen to return to the IS (A_c - Ac_lo <= rtol A_c)"),
    COL(dr, "sigma", "|dr| between the IS and the state after transition, PRR20 eq. 6"),
    COL(dPhi, "eps", "Phi(r_1) - Phi(r_0); PRR20 eq. 7 is its absolute value"),
    COL(barrier, "eps", "dPhi_barrier = Phi(r_0 + A_c sqrt(N) e) - Phi(r_0), PRR20 eq. 8"),
    COL(Nrearr, "1", "particles in the rearrangement N_rearr, PRR20 eq. 9"),
    COL(Idir, "1", "direction overlap I of dr with the mode, PRR20 eq. 10"),
    COL(decay, "1", "a of |dr_i| ~ r^-a from the most displaced particle, PRR20 Fig. 9b"),
};

const DWPullField DWPullIntFields[DW_PULL_NINTS] = {
    {"mode", "1", "index of the mode (0: the softest)", 0},
    {"sign", "1", "+1: pulled along +e^k, -1: along -e^k", 0},
    {"nmin", "1", "minimisations of the search for A_c", 0},
    {"nevals", "1", "energy/force evaluations of the search (minimisations included)", 0},
    {"reason", "1",
     "outcome: 1 transition, -1 overlap, -2 amax (none up to -pull_amax), -3 amin (already at "
     "-pull_amin), -4 minimize (a minimisation failed)",
     0},
};

void DWPullResultInts(const DWPullResult *r, PetscInt v[DW_PULL_NINTS])
{
  v[0] = r->mode;
  v[1] = r->sign;
  v[2] = r->nmin;
  v[3] = r->nevals;
  v[4] = (PetscInt)r->reason;
}
