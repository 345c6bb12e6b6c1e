/* Mode pulling on analytic surfaces ([PRR20] sec. II.C, eqs. 5-10, A3; include/dwell/pull.h).
   Three particles (9 coordinates), a double well V_1(q) along the unit direction
   u = (2, 0, 0, -1, 0, 0, -1, 0, 0) / sqrt(6) (no mean displacement) and a harmonic valley
   kp |y|^2 / 2 across it (q = u.(x - x0), y = x - x0 - q u), minimised by FIRE:
   - quartic V_1' = k q (1 - q/b)(1 - q/c), V_1 = k [q^2/2 - (1/b + 1/c) q^3/3 + q^4/(4bc)]:
     minima q = 0 and c = 2.5 b, barrier top q = b; pulled along e = u (sqrt(N) = sqrt(3)),
     A_c = b / sqrt(3) exactly, found within rtol and bracketed [Ac_lo, Ac]; the two-state toy:
     dr = c u, so |dr| = c (eq. 6), N_rearr = (c^2)^2 / ((4c^2/6)^2 + 2 (c^2/6)^2) = 2 (eq. 9)
     although three particles move, I = 1 (eq. 10), dPhi = V_1(c) = k c^2 (2b - c) / (12 b)
     (eq. 7), dPhi_barrier = V_1(A_c sqrt(3)) (eq. 8), within rtol^2 of the barrier top
     V_1(b) = k b^2 (1/6 - b/(12c)); tau = V_1'''(0) = -2k (1/b + 1/c) and the A3 estimate
     bc / ((b + c) sqrt(3)) (not exact here: V_1 is quartic); the final state is x0 + c u;
     fewer than 15 minimisations;
   - the same from e = -u: -pull_sign tau flips it (sign -1, the same A_c); -pull_sign plus
     pulls along -u, where V_1 only rises: no transition up to a_max; -pull_sign both keeps the
     transition along +u and counts the minimisations of both;
   - a potential that is cubic along u up to q_1 = 1.5 q* (then a quadratic well, C^1):
     V_1 = k q^2 / 2 - k q^3 / (3 q*), its saddle at q* = -2k/tau: the A3 estimate equals the
     A_c of a search started at -pull_a0 (not at eq. A3) within rtol (the limit where eq. A3
     is exact);
   - the decay exponent a of |dr_i| ~ r^-a on a lattice field built with a = 2.7;
   - bad input: rtol <= 0 and a start that is not a minimum are errors. */
#include <dwell/pull.h>
#include "testutil.h"

#define NP    3
#define NC    (3 * NP)
#define NCMAX (3 * 125) /* the lattice of the decay check */

typedef struct {
  PetscBool cubic;
  PetscReal k, b, c2, qs, c, kp; /* stiffness, quartic barrier b and minimum c2, cubic saddle q*,
                                   outer well, valley */
  PetscInt n;                    /* coordinates */
  PetscReal u[NCMAX], x0[NCMAX];
} Toy;

static PetscReal V1(const Toy *t, PetscReal q, PetscReal *dV)
{
  if (!t->cubic) {
    const PetscReal b = t->b, c = t->c2;
    *dV = t->k * q * (1 - q / b) * (1 - q / c);
    return t->k * (q * q / 2 - (1 / b + 1 / c) * q * q * q / 3 + q * q * q * q / (4 * b * c));
  }
  const PetscReal q1 = 1.5 * t->qs;
  if (q <= q1) {
    *dV = t->k * q - t->k * q * q / t->qs;
    return 0.5 * t->k * q * q - t->k * q * q * q / (3 * t->qs);
  }
  PetscReal d1, v1 = V1(&(Toy){PETSC_TRUE, t->k, 0, 0, t->qs, 0, 0, 0, {0}, {0}}, q1 - 1e-300, &d1);
  *dV = d1 + t->c * (q - q1);
  return v1 + d1 * (q - q1) + 0.5 * t->c * (q - q1) * (q - q1);
}

static PetscErrorCode ToyEnergy(void *ctx, PetscInt slot, const PetscReal x[], PetscReal *V,
                                PetscReal g[])
{
  const Toy *t = (const Toy *)ctx;
  PetscReal q = 0, y2 = 0, dV, y[NCMAX];

  PetscFunctionBegin;
  for (int i = 0; i < t->n; i++) q += t->u[i] * (x[i] - t->x0[i]);
  for (int i = 0; i < t->n; i++) {
    y[i] = x[i] - t->x0[i] - q * t->u[i];
    y2 += y[i] * y[i];
  }
  *V = V1(t, q, &dV) + 0.5 * t->kp * y2;
  if (g)
    for (int i = 0; i < t->n; i++) g[i] = dV * t->u[i] + t->kp * y[i];
  PetscFunctionReturn(0);
}

/* U:ee and U:eee: only V_1 has a third derivative, V_1'''(0) = -2k (1/b + 1/c) (quartic),
   -2k/q* (cubic). */
static PetscErrorCode ToyThird(void *ctx, const PetscReal e[], PetscReal Upp[], PetscReal *Uppp)
{
  const Toy *t       = (const Toy *)ctx;
  const PetscReal d3 = t->cubic ? -2 * t->k / t->qs : -2 * t->k * (1 / t->b + 1 / t->c2);
  PetscReal ue       = 0;

  PetscFunctionBegin;
  for (int i = 0; i < t->n; i++) ue += t->u[i] * e[i];
  if (Upp)
    for (int i = 0; i < t->n; i++) Upp[i] = d3 * ue * ue * t->u[i];
  *Uppp = d3 * ue * ue * ue;
  PetscFunctionReturn(0);
}

static PetscErrorCode CreateToy(MPI_Comm comm, Toy *t, DWSurface *s, DWPull *p, const char sign[])
{
  PetscFunctionBegin;
  PetscCall(DWSurfaceCreate(comm, t->n, s));
  PetscCall(DWSurfaceSetEnergy(*s, ToyEnergy, t));
  PetscCall(DWSurfaceSetBlockSize(*s, 3));
  PetscCall(DWSurfaceSetMinimizeTolerances(*s, 1e-11, 1000000));
  PetscCall(PetscOptionsSetValue(NULL, "-pull_sign", sign));
  PetscCall(DWPullCreate(comm, p));
  PetscCall(DWPullSetFromOptions(*p));
  PetscCall(DWPullSetSurface(*p, *s, t->x0));
  PetscCall(DWPullSetThirdOrder(*p, ToyThird, t));
  PetscFunctionReturn(0);
}

static void InitToy(Toy *t, PetscBool cubic)
{
  const PetscReal u[NC] = {2, 0, 0, -1, 0, 0, -1, 0, 0};

  *t = (Toy){cubic, 2.0, 0.3, 0.75, 0.24, 5.0, 3.0, NC, {0}, {0}};
  for (int i = 0; i < NC; i++) {
    t->u[i]  = u[i] / PetscSqrtReal(6.0);
    t->x0[i] = 0.37 * i - 1.1; /* any start: V is measured from x0 */
  }
}

static PetscErrorCode CheckQuartic(MPI_Comm comm)
{
  Toy t;
  DWSurface s;
  DWPull p;
  DWPullResult r;
  const PetscReal rtol = 1e-3;
  PetscReal e[NC], Aexact, x1err = 0, V1b, dV, V1f, Tc, dPhi, top, tau;
  PetscInt nplus;
  const PetscReal *x1;

  PetscFunctionBegin;
  InitToy(&t, PETSC_FALSE);
  PetscCall(CreateToy(comm, &t, &s, &p, "tau"));
  PetscCall(DWPullMode(p, 0, t.u, t.k, NULL));
  PetscCall(DWPullGetResult(p, 0, &r));
  Aexact = t.b / PetscSqrtReal((PetscReal)NP);
  DWTestTrue(comm, "quartic: transition along +u (sign +1)",
             r.reason == DW_PULL_TRANSITION && r.sign == 1);
  DWTestLE(comm, "quartic: |A_c - b/sqrt(N)| / A_c", PetscAbsReal(r.Ac - Aexact) / r.Ac, rtol);
  DWTestTrue(comm, "quartic: Ac_lo <= b/sqrt(N) <= Ac", r.Ac_lo <= Aexact && Aexact <= r.Ac);
  DWTestLE(comm, "quartic: minimisations (< 15)", (double)r.nmin, 14);
  DWTestLE(comm, "two-state toy: | |dr| - c | / c (eq. 6)", PetscAbsReal(r.dr - t.c2) / t.c2, 1e-9);
  DWTestLE(comm, "two-state toy: |N_rearr - 2| (eq. 9, three particles move)",
           PetscAbsReal(r.Nrearr - 2), 1e-9);
  DWTestLE(comm, "two-state toy: |I - 1| (eq. 10)", PetscAbsReal(r.Idir - 1), 1e-9);
  dPhi = t.k * t.c2 * t.c2 * (2 * t.b - t.c2) / (12 * t.b);
  DWTestLE(comm, "two-state toy: |dPhi - k c^2 (2b - c) / (12 b)| / |dPhi| (eq. 7)",
           PetscAbsReal(r.dPhi - dPhi) / PetscAbsReal(dPhi), 1e-12);
  V1b = V1(&t, r.Ac * PetscSqrtReal((PetscReal)NP), &dV);
  DWTestLE(comm, "dPhi_barrier = V_1(A_c sqrt(N)) (eq. 8)", PetscAbsReal(r.barrier - V1b) / V1b,
           1e-12);
  top = t.k * t.b * t.b * (1.0 / 6 - t.b / (12 * t.c2));
  DWTestLE(comm, "dPhi_barrier vs the barrier top V_1(b) (rtol^2 close)",
           PetscAbsReal(r.barrier - top) / top, 1e-5);
  tau = -2 * t.k * (1 / t.b + 1 / t.c2);
  DWTestLE(comm, "tau = -2k (1/b + 1/c)", PetscAbsReal(r.tau - tau) / PetscAbsReal(tau), 1e-14);
  DWTestLE(comm, "eq. A3: Ac_cubic = bc / ((b + c) sqrt(N))",
           PetscAbsReal(r.Ac_cubic - Aexact * t.c2 / (t.b + t.c2)) / Aexact, 1e-14);
  PetscCall(DWPullGetFinalState(p, 0, &x1, &V1f));
  for (int i = 0; i < NC; i++)
    x1err = PetscMax(x1err, PetscAbsReal(x1[i] - t.x0[i] - t.c2 * t.u[i]));
  DWTestLE(comm, "final state r_1 = x0 + c u (sigma)", x1err, 1e-9);
  PetscCall(DWPullGetTc(p, &Tc, NULL));
  DWTestLE(comm, "T_c = 2 dPhi_barrier", PetscAbsReal(Tc - 2 * r.barrier), 0);
  PetscCall(DWPullDestroy(&p));
  PetscCall(DWSurfaceDestroy(&s));
  /* from e = -u: the tau rule flips it; plus keeps -u, where V_1 only rises */
  for (int i = 0; i < NC; i++) e[i] = -t.u[i];
  PetscCall(CreateToy(comm, &t, &s, &p, "tau"));
  PetscCall(DWPullMode(p, 0, e, t.k, NULL));
  PetscCall(DWPullGetResult(p, 0, &r));
  DWTestTrue(comm, "e = -u, sign tau: pulled along -e (sign -1)", r.sign == -1);
  DWTestLE(comm, "e = -u, sign tau: |A_c - b/sqrt(N)| / A_c", PetscAbsReal(r.Ac - Aexact) / r.Ac,
           rtol);
  PetscCall(DWPullDestroy(&p));
  PetscCall(DWSurfaceDestroy(&s));
  PetscCall(CreateToy(comm, &t, &s, &p, "plus"));
  PetscCall(DWPullMode(p, 0, e, t.k, NULL));
  PetscCall(DWPullGetResult(p, 0, &r));
  DWTestTrue(comm, "e = -u, sign plus: no transition up to a_max (reason amax)",
             r.reason == DW_PULL_AMAX && PetscIsNanReal(r.Ac));
  nplus = r.nmin;
  PetscCall(DWPullDestroy(&p));
  PetscCall(DWSurfaceDestroy(&s));
  PetscCall(CreateToy(comm, &t, &s, &p, "both"));
  PetscCall(DWPullMode(p, 0, e, t.k, NULL));
  PetscCall(DWPullGetResult(p, 0, &r));
  DWTestTrue(comm,
             "e = -u, sign both: the transition along -e kept (sign -1), minimisations of "
             "both directions counted",
             r.reason == DW_PULL_TRANSITION && r.sign == -1 && r.nmin > nplus);
  DWTestLE(comm, "e = -u, sign both: |A_c - b/sqrt(N)| / A_c", PetscAbsReal(r.Ac - Aexact) / r.Ac,
           rtol);
  PetscCall(DWPullDestroy(&p));
  PetscCall(DWSurfaceDestroy(&s));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckCubic(MPI_Comm comm)
{
  Toy t;
  DWSurface s;
  DWPull p;
  DWPullResult r, r3;

  PetscFunctionBegin;
  InitToy(&t, PETSC_TRUE);
  PetscCall(CreateToy(comm, &t, &s, &p, "tau"));
  PetscCall(DWPullMode(p, 0, t.u, t.k, NULL));
  PetscCall(DWPullGetResult(p, 0, &r3));
  DWTestLE(comm, "cubic: |Ac_cubic - q*/sqrt(N)| / Ac_cubic (eq. A3)",
           PetscAbsReal(r3.Ac_cubic - t.qs / PetscSqrtReal((PetscReal)NP)) / r3.Ac_cubic, 1e-14);
  /* the search itself must not start at eq. A3 (there the first trial is the saddle) */
  PetscCall(DWPullSetThirdOrder(p, NULL, NULL));
  PetscCall(DWPullMode(p, 0, t.u, t.k, NULL));
  PetscCall(DWPullGetResult(p, 1, &r));
  DWTestTrue(comm, "cubic, started at -pull_a0: transition", r.reason == DW_PULL_TRANSITION);
  DWTestLE(comm, "cubic: |A_c - Ac_cubic| / A_c (eq. A3 exact)",
           PetscAbsReal(r.Ac - r3.Ac_cubic) / r.Ac, 1e-3);
  DWTestTrue(comm, "cubic: Ac_lo <= Ac_cubic <= Ac", r.Ac_lo <= r3.Ac_cubic && r3.Ac_cubic <= r.Ac);
  PetscCall(DWPullDestroy(&p));
  PetscCall(DWSurfaceDestroy(&s));
  PetscFunctionReturn(0);
}

/* The decay exponent ([PRR20] Fig. 9b): 125 particles on the sites of a 5 x 5 x 5 lattice of
   spacing 1 in a periodic box L = 5, the final state x0 + c u with u (normalised) the field
   2 x (particle 0, the centre), -x/4 on the 8 corners (at r = 2 sqrt(3) > L/2: outside the
   fit; they cancel the mean), and r^-a n on every other particle (n radial from the centre:
   zero sum by symmetry). The fit over 1 <= r <= L/2 returns a to rounding. */
static PetscErrorCode CheckDecay(MPI_Comm comm)
{
  const PetscReal a = 2.7, L = 5;
  Toy t;
  DWSurface s;
  DWPull p;
  DWPullResult r;
  PetscReal norm = 0;
  PetscInt np    = 0;

  PetscFunctionBegin;
  InitToy(&t, PETSC_FALSE);
  t.n = 3 * 125;
  for (int ix = -2; ix <= 2; ix++)
    for (int iy = -2; iy <= 2; iy++)
      for (int iz = -2; iz <= 2; iz++) {
        const PetscReal rv[3] = {ix, iy, iz}, rr = PetscSqrtReal(ix * ix + iy * iy + iz * iz);
        const PetscInt i = ix == 0 && iy == 0 && iz == 0 ? 0 : ++np;
        const PetscBool corner =
            (PetscBool)(PetscAbsInt(ix) == 2 && PetscAbsInt(iy) == 2 && PetscAbsInt(iz) == 2);
        for (int c = 0; c < 3; c++) {
          t.x0[3 * i + c] = 2.5 + rv[c];
          t.u[3 * i + c]  = i == 0   ? (c == 0 ? 2 : 0)
                            : corner ? (c == 0 ? -0.25 : 0)
                                     : PetscPowReal(rr, -a) * rv[c] / rr;
        }
      }
  for (int i = 0; i < t.n; i++) norm += t.u[i] * t.u[i];
  for (int i = 0; i < t.n; i++) t.u[i] /= PetscSqrtReal(norm);
  PetscCall(PetscOptionsSetValue(NULL, "-pull_decay_rmin", "1"));
  PetscCall(CreateToy(comm, &t, &s, &p, "tau"));
  PetscCall(PetscOptionsClearValue(NULL, "-pull_decay_rmin"));
  PetscCall(DWPullSetOverlap(p, NULL, NULL, L));
  PetscCall(DWPullMode(p, 0, t.u, t.k, NULL));
  PetscCall(DWPullGetResult(p, 0, &r));
  DWTestTrue(comm, "decay: transition", r.reason == DW_PULL_TRANSITION);
  DWTestLE(comm, "decay: |a - 2.7| of |dr_i| ~ r^-a (Fig. 9b)", PetscAbsReal(r.decay - a), 1e-6);
  PetscCall(DWPullDestroy(&p));
  PetscCall(DWSurfaceDestroy(&s));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckBadInput(MPI_Comm comm)
{
  Toy t;
  DWSurface s;
  DWPull p;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  InitToy(&t, PETSC_FALSE);
  PetscCall(CreateToy(comm, &t, &s, &p, "tau"));
  DWTestCatch(ierr, DWPullSetTolerance(p, 0));
  DWTestTrue(comm, "rtol = 0 is an error", ierr == PETSC_ERR_ARG_OUTOFRANGE);
  DWTestCatch(ierr, DWPullSetTolerance(p, -1e-3));
  DWTestTrue(comm, "rtol < 0 is an error", ierr == PETSC_ERR_ARG_OUTOFRANGE);
  for (int i = 0; i < NC; i++) t.x0[i] += 0.05 * t.u[i]; /* on the slope: the force is k q */
  PetscCall(DWPullSetSurface(p, s, t.x0));
  for (int i = 0; i < NC; i++) t.x0[i] -= 0.05 * t.u[i];
  DWTestCatch(ierr, DWPullSetUp(p));
  DWTestTrue(comm, "a start that is not a minimum is an error", ierr == PETSC_ERR_ARG_WRONG);
  PetscCall(DWPullDestroy(&p));
  PetscCall(DWSurfaceDestroy(&s));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(CheckQuartic(comm));
  PetscCall(CheckCubic(comm));
  PetscCall(CheckDecay(comm));
  PetscCall(CheckBadInput(comm));
  int rc = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return rc;
}
