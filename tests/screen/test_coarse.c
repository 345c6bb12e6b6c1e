/* The coarse pass's error bound (DWScreenCoarseSplitting, include/dwell/screen.h) on analytic
   double wells along curved paths.
   A well of barrier scale h, asymmetry dV and path length d (arc length), its profile in the
   arc-length fraction u in [0, 1]:
       V(u) = 16 h u^2 (1 - u)^2 + dV (3 u^2 - 2 u^3),
   minima at both ends (V'(0) = V'(1) = 0), V(1) - V(0) = dV; the path an arc of a circle
   turning by theta (radius d / theta). 300 random wells: log10 h in [-2, 0] (eps), log10
   (dV / h) in [-3, 0] (so the barrier top u_top = 1/2 + 3 dV / (32 h) stays inside the
   path), d in [0.2, 1.5] sigma, theta in [0, 1.5] rad, mt = 4000 or 30000 ([PRL20] argon and
   nickel). Reference ("full" pass): the exact profile at 401 points and the exact arc length.
   Coarse pass: the profile at M = 10 images, those of a converged climbing string (image c on
   the barrier top u_top, the others at equal arc length on each side), the path length d_M of the
   polygon through them and d_half of the polygon through the half-resolution images
   (DWScreenCoarseHalfImages): the analytic counterpart of a coarse band that sits on the path.
   Checks: (1) the reference E lies in [E_lo, E_hi] for every well the solver accepts; (2) at
   E_max = k_B T_Q = 2 pi / mt no well with E < k_B T_Q is discarded (keep false); (3) the
   bound is useful: of the wells with E > 10 k_B T_Q, at least 90% are discarded; (4) fewer
   than 6 points: an error.
   Measured (-wells 3000 with -seed 3, 5, 29, and 2000 with -seed 17): no well outside, the
   largest |E_coarse - E| / bound 0.49, every well with E > 10 k_B T_Q discarded. With one
   half-resolution profile only, the error reached 29 times the bound (every other image from
   xi = 0, the last interval left at h) or 48 times (the profile from the ends only): at 10
   images the error of E is not yet asymptotic for some TLS (E_6 - E = +5.9e-5,
   E_10 - E = -3.3e-5, E_19 - E = -4e-8 eps for h = 0.094, dV = 1.2e-4, d = 0.48, mt = 4000),
   and only the subset that doubles the spacing around the top sees it.
   The path-length term is not exercised here (an arc's inscribed polygon is within 1e-3 of
   its length at 10 images: the test passes without it). */
#include "testutil.h"
#include <dwell/screen.h>
#include <math.h>

#define M     10
#define NFINE 401

typedef struct {
  PetscReal h, dV, d, theta, mt;
} Well;

static PetscReal Profile(const Well *w, PetscReal u)
{
  return 16 * w->h * u * u * (1 - u) * (1 - u) + w->dV * (3 * u * u - 2 * u * u * u);
}

/* Length of the chord between arc fractions u0 and u1 (sigma). */
static PetscReal Chord(const Well *w, PetscReal u0, PetscReal u1)
{
  if (w->theta == 0) return w->d * (u1 - u0);
  return 2 * (w->d / w->theta) * PetscSinReal(0.5 * w->theta * (u1 - u0));
}

static PetscErrorCode Reference(DWTunnel t, const Well *w, PetscReal *E)
{
  PetscReal xi[NFINE], V[NFINE];
  DWTunnelResult r;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < NFINE; k++) {
    xi[k] = (PetscReal)k / (NFINE - 1);
    V[k]  = Profile(w, xi[k]);
  }
  *E = NAN;
  PetscCall(DWTunnelSetProfile(t, NFINE, xi, V, w->d));
  DWTestCatch(ierr, DWTunnelSetUp(t));
  if (!ierr) DWTestCatch(ierr, DWTunnelSolve(t));
  if (ierr) PetscFunctionReturn(0);
  PetscCall(DWTunnelGetResult(t, &r));
  *E = r.E;
  PetscFunctionReturn(0);
}

/* The images of a converged climbing string: image c on the barrier top u_top, the others at
   equal arc length on each side of it. */
static void Images(const Well *w, PetscReal u[])
{
  const PetscReal u_top = 0.5 + 3 * w->dV / (32 * w->h); /* V'(u_top) = 0 */
  const PetscInt c = PetscMin(PetscMax((PetscInt)PetscFloorReal(u_top * (M - 1) + 0.5), 1), M - 2);

  for (PetscInt k = 0; k <= c; k++) u[k] = u_top * k / c;
  for (PetscInt k = c + 1; k < M; k++) u[k] = u_top + (1 - u_top) * (k - c) / (M - 1 - c);
}

static PetscErrorCode Coarse(DWTunnel t, const Well *w, PetscReal E_max, DWCoarseSplitting *c)
{
  PetscReal u[M], xi[M], V[M], d = 0, d_half = 0;
  PetscInt m, idx[M];

  PetscFunctionBegin;
  Images(w, u);
  xi[0] = 0;
  for (PetscInt k = 0; k < M; k++) {
    V[k] = Profile(w, u[k]);
    if (k) d += Chord(w, u[k - 1], u[k]);
    xi[k] = d; /* the polygon's arc length, normalised below */
  }
  for (PetscInt k = 0; k < M; k++) xi[k] /= d;
  PetscCall(DWScreenCoarseHalfImages(M, V, PETSC_TRUE, &m, idx));
  for (PetscInt j = 1; j < m; j++) d_half += Chord(w, u[idx[j - 1]], u[idx[j]]);
  PetscCall(DWScreenCoarseSplitting(t, M, xi, V, d, d_half, E_max, c));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  DWTunnel t;
  DWRng rng;
  PetscInt nwell = 300, seed = 3, solved = 0, outside = 0, tls = 0, tls_lost = 0, far = 0,
           far_cut = 0;
  PetscReal worst  = 0;
  PetscErrorCode ierr;
  DWCoarseSplitting c;
  int status;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(DWTunnelCreate(PETSC_COMM_SELF, &t));
  PetscCall(DWTunnelSetSplineEnds(t, DW_SPLINE_MINIMA)); /* as the campaign: ends are minima */
  PetscCall(DWTunnelSetFromOptions(t));
  PetscCall(DWTunnelSetRequireDoubleWell(t, PETSC_FALSE));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-wells", &nwell, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-seed", &seed, NULL));
  DWRngInit(&rng, (uint64_t)seed, DW_STAGE_TEST, 16, 2);
  for (PetscInt i = 0; i < nwell; i++) {
    Well w;
    PetscReal E, kT_Q;

    w.h     = PetscPowReal(10, -2 + 2 * DWRngUniform(&rng));
    w.dV    = w.h * PetscPowReal(10, -3 + 3 * DWRngUniform(&rng)); /* dV <= h: a barrier */
    w.d     = 0.2 + 1.3 * DWRngUniform(&rng);
    w.theta = 1.5 * DWRngUniform(&rng);
    w.mt    = DWRngUniform(&rng) < 0.5 ? 4000 : 30000;
    kT_Q    = 2 * PETSC_PI / w.mt;
    PetscCall(DWTunnelSetMass(t, w.mt));
    PetscCall(Reference(t, &w, &E));
    PetscCall(Coarse(t, &w, kT_Q, &c));
    if (PetscIsNanReal(E)) continue;
    solved++;
    if (!(E >= c.E_lo && E <= c.E_hi)) {
      outside++;
      PetscCall(PetscPrintf(comm,
                            "     outside: h %.3g dV %.3g d %.3g theta %.3g mt %g: E %.6e, coarse "
                            "%.6e, bound %.3e\n",
                            (double)w.h, (double)w.dV, (double)w.d, (double)w.theta, (double)w.mt,
                            (double)E, (double)c.E, (double)c.bound));
    }
    if (PetscIsNormalReal(c.E) && E > 0) worst = PetscMax(worst, PetscAbsReal(c.E - E) / c.bound);
    if (E < kT_Q) {
      tls++;
      tls_lost += !c.keep;
    }
    if (E > 10 * kT_Q) {
      far++;
      far_cut += !c.keep;
    }
  }
  PetscCall(PetscPrintf(comm,
                        "     %" PetscInt_FMT " of %" PetscInt_FMT " wells solved, %" PetscInt_FMT
                        " TLS, %" PetscInt_FMT " with E > 10 k_B T_Q of which %" PetscInt_FMT
                        " discarded; largest |E_coarse - E| / bound %.3f\n",
                        solved, nwell, tls, far, far_cut, (double)worst));
  DWTestTrue(comm, "the reference E lies in [E_lo, E_hi] for every solved well", outside == 0);
  DWTestTrue(comm, "some wells are TLS (the test reaches the threshold)", tls >= 10);
  DWTestTrue(comm, "no TLS discarded at E_max = k_B T_Q", tls_lost == 0);
  DWTestTrue(comm, "at least 90% of the wells with E > 10 k_B T_Q discarded",
             far > 0 && 10 * far_cut >= 9 * far);
  {
    PetscReal xi[5] = {0, 0.25, 0.5, 0.75, 1}, V[5] = {0, 1, 2, 1, 0};
    DWTestCatch(ierr, DWScreenCoarseSplitting(t, 5, xi, V, 1, 0, 1, &c));
    DWTestTrue(comm, "5 points: an error", ierr == PETSC_ERR_ARG_SIZ);
  }
  PetscCall(DWTunnelDestroy(&t));
  status = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return status;
}
