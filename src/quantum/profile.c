/* The potential of the 1D Schroedinger problem and its checks ([PRL20] eq. 2, [JCP23] eq. 9).

   The profile (xi_k, V_k), xi from 0 to 1 along the path, is oriented so that xi = 0 is the
   deeper minimum (dV = V(1) - V(0) >= 0; reversed otherwise, result.flipped) and splined
   (<dwell/spline.h>). Beyond the ends V continues as its second-order Taylor polynomial,
       V(xi) = V(e) + V'(e) s + V''(e) s^2 / 2,  s = xi - e,  e = 0 or 1,
   exact for a harmonic well; the slope term is dropped if it would make V fall away from the
   end (an end that is not quite a minimum), so V always rises and the states decay. The
   continuation extends (at least) `extension` oscillator lengths l_e = (mt d^2 V''(e))^(-1/4)
   beyond each end (the ground state of a harmonic well decays as exp(-s^2 / (2 l^2)): at 7 l
   the Dirichlet wall moves the fifth level by ~1e-12 of itself). About N_xi points cover the
   whole domain [-W_0, 1 + W_1] uniformly with spacing h = 1/m, m even, so that xi = 0 and
   xi = 1 are grid points: the two wells are then sampled alike (a mirror-symmetric profile
   gets a mirror-symmetric grid), otherwise the discretisation errors of the two wells differ
   by ~1e-13 of the levels, an artificial asymmetry that dominates splittings below ~1e-10
   of the levels.

   Double well: the data rise from xi = 0 to a single highest point strictly inside and fall
   from it to xi = 1 (steps against the trend up to monotone_tol V_a are tolerated, beyond
   that they make an intermediate minimum), and the spline curves upward at both ends.

   Spline ends. Not-a-knot assumes nothing about the end slopes, so it reproduces any cubic
   exactly and gives the end curvatures the continuation needs. Minima ends
   (DW_SPLINE_MINIMA) clamp the slopes to zero instead, y'(0) = y'(1) = 0, exact for a profile
   between two minima (a NEB path between two IS). On an analytic double well sampled at 41
   points the splitting is then 8x closer to the converged one than with not-a-knot (7e-4
   against 6e-3 relative, tests/quantum/spline_ends.sh), and on the quickstart's 12-image NEB
   profiles 35 of 37 are double wells against 27 of 37: not-a-knot extrapolates the end
   curvature from inside a flat-bottomed well and can make it negative. Neither resolves a
   well sampled by too few images (a quartic bottom on 12 points can fail either way): the
   cure there is more images. */
#include "quantum/tunnelimpl.h"

PetscReal DWTunnelPotential(const DWTunnel t, PetscReal x, PetscInt *k)
{
  PetscReal v;

  if (x < 0)
    return t->Vend[0] + (t->dVend[0] < 0 ? t->dVend[0] * x : 0) + 0.5 * t->d2Vend[0] * x * x;
  if (x > 1) {
    const PetscReal s = x - 1;
    return t->Vend[1] + (t->dVend[1] > 0 ? t->dVend[1] * s : 0) + 0.5 * t->d2Vend[1] * s * s;
  }
  DWSplineEvaluate(&t->spline, x, k, &v, NULL, NULL);
  return v;
}

/* Oscillator length of end e (xi units). */
static PetscReal OscillatorLength(const DWTunnel t, int e)
{
  return PetscPowReal(t->mt * t->d * t->d * t->d2Vend[e], -0.25);
}

PetscInt DWTunnelGridResolution(DWTunnel t, PetscInt n, PetscReal extension)
{
  const PetscReal L = 1 + extension * (OscillatorLength(t, 0) + OscillatorLength(t, 1));

  return PetscMax(2, 2 * (PetscInt)PetscFloorReal((n + 1) / (2 * L) + 0.5));
}

PetscErrorCode DWTunnelBuildGrid(DWTunnel t, PetscInt m, PetscReal extension, DWGrid *g,
                                 PetscInt *alloc)
{
  const PetscInt n0 = (PetscInt)PetscCeilReal(extension * OscillatorLength(t, 0) * m),
                 n1 = (PetscInt)PetscCeilReal(extension * OscillatorLength(t, 1) * m);
  const PetscInt n  = n0 + m + n1 - 1;
  PetscInt k        = 0;

  PetscFunctionBegin;
  PetscCheck(n >= 16, t->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "grid of %" PetscInt_FMT " points (%" PetscInt_FMT
             " per unit of xi): at least 16 are needed, raise -tunnel_n_xi",
             n, m);
  if (*alloc < n) {
    PetscCall(PetscFree(g->V));
    PetscCall(PetscMalloc1(n, &g->V));
    *alloc = n;
  }
  g->n     = n;
  g->h     = 1.0 / m;
  g->xl    = -n0 * g->h;
  g->kappa = 1 / (2 * t->mt * t->d * t->d);
  g->c     = g->kappa / (12 * g->h * g->h);
  for (PetscInt j = 0; j < n; j++) g->V[j] = DWTunnelPotential(t, (j + 1 - n0) * g->h, &k);
  PetscFunctionReturn(0);
}

/* Reverses the profile if V(1) < V(0); snaps the ends to exactly 0 and 1. */
static void Orient(DWTunnel t, PetscReal x[], PetscReal v[])
{
  const PetscInt n = t->np;

  t->result.flipped = (PetscBool)(t->V[n - 1] < t->V[0]);
  for (PetscInt k = 0; k < n; k++) {
    x[k] = t->result.flipped ? 1 - t->xi[n - 1 - k] : t->xi[k];
    v[k] = t->result.flipped ? t->V[n - 1 - k] : t->V[k];
  }
  x[0]     = 0;
  x[n - 1] = 1;
}

/* Barrier top of the spline: the data maximum refined by Newton on V' = 0. */
static void BarrierTop(DWTunnel t, PetscInt imax, PetscReal *xtop, PetscReal *vtop)
{
  const DWSpline *s = &t->spline;
  PetscReal x       = s->x[imax], v, dv, d2v;
  PetscInt k        = imax;

  for (int it = 0; it < 8; it++) {
    DWSplineEvaluate(s, x, &k, &v, &dv, &d2v);
    if (d2v >= 0) break;
    const PetscReal xn = PetscMin(PetscMax(x - dv / d2v, s->x[PetscMax(imax - 1, 0)]),
                                  s->x[PetscMin(imax + 1, s->n - 1)]);
    if (xn == x) break;
    x = xn;
  }
  DWSplineEvaluate(s, x, &k, &v, NULL, NULL);
  if (v < s->y[imax]) {
    x = s->x[imax];
    v = s->y[imax];
  }
  *xtop = x;
  *vtop = v;
}

/* Whether the data rise to one interior maximum and fall; the first violation is reported. */
static PetscBool IsDoubleWell(DWTunnel t, PetscInt imax, PetscReal Va, char msg[], size_t len)
{
  const PetscReal *x = t->spline.x, *v = t->spline.y, tol = t->monotone_tol * Va;
  const PetscInt n = t->np;

  if (imax == 0 || imax == n - 1) {
    PetscSNPrintf(msg, len,
                  "the profile has no barrier: its highest point is the end xi = %g (V = %g)",
                  (double)(t->result.flipped ? 1 - x[imax] : x[imax]), (double)v[imax]);
    return PETSC_FALSE;
  }
  for (PetscInt k = 0; k < n - 1; k++) {
    const PetscBool bad = (PetscBool)(k < imax ? v[k + 1] < v[k] - tol : v[k + 1] > v[k] + tol);
    if (bad) {
      const PetscReal xk = k < imax ? x[k + 1] : x[k];
      PetscSNPrintf(msg, len,
                    "the profile has an intermediate minimum near xi = %g (V = %g): split the path "
                    "into elementary double wells",
                    (double)(t->result.flipped ? 1 - xk : xk),
                    (double)(k < imax ? v[k + 1] : v[k]));
      return PETSC_FALSE;
    }
  }
  for (int e = 0; e < 2; e++)
    if (!(t->d2Vend[e] > 0)) {
      PetscSNPrintf(msg, len,
                    "the end xi = %d is not a minimum: the curvature V'' there is %g <= 0",
                    t->result.flipped ? 1 - e : e, (double)t->d2Vend[e]);
      return PETSC_FALSE;
    }
  return PETSC_TRUE;
}

PetscErrorCode DWTunnelAnalyseProfile(DWTunnel t)
{
  PetscReal *x, *v, xtop, vtop;
  PetscInt imax = 0, k = 0;
  char msg[256];

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(t->np, &x, t->np, &v));
  Orient(t, x, v);
  PetscCall(DWSplineDestroy(&t->spline));
  PetscCall(DWSplineCreate(t->np, x, v, t->ends, &t->spline));
  PetscCall(PetscFree2(x, v));
  DWSplineEvaluate(&t->spline, 0, &k, &t->Vend[0], &t->dVend[0], &t->d2Vend[0]);
  DWSplineEvaluate(&t->spline, 1, &k, &t->Vend[1], &t->dVend[1], &t->d2Vend[1]);
  for (PetscInt i = 1; i < t->np; i++)
    if (t->spline.y[i] > t->spline.y[imax]) imax = i;
  BarrierTop(t, imax, &xtop, &vtop);
  t->result.xi_top      = xtop;
  t->result.dV          = t->Vend[1] - t->Vend[0];
  t->result.V_a         = vtop - t->Vend[0];
  t->result.V_b         = t->result.V_a - t->result.dV / 2;
  t->result.double_well = IsDoubleWell(t, imax, t->result.V_a, msg, sizeof(msg));
  PetscCheck(t->result.double_well || !t->require_dw, t->comm, PETSC_ERR_ARG_WRONG,
             "not a double well: %s", msg);
  for (int e = 0; e < 2; e++)
    PetscCheck(t->d2Vend[e] > 0, t->comm, PETSC_ERR_ARG_WRONG,
               "the potential would not rise beyond xi = %d: its curvature there is %g <= 0",
               t->result.flipped ? 1 - e : e, (double)t->d2Vend[e]);
  PetscFunctionReturn(0);
}
