/* The L-BFGS minimiser (-min_type lbfgs; Nocedal, Math. Comp. 35, 773 (1980); Nocedal and
   Wright, "Numerical Optimization", 2nd ed., alg. 7.4 two-loop recursion, eq. 7.20 initial
   scaling H0 = (s.y / y.y) I) with m = -min_lbfgs_m corrections.

   Line search for a direction d from x (energy U, gradient g = -F, slope phi'(0) = g.d < 0):
   the trial step alpha = 1 (after capping every particle's displacement at -min_maxstep) is
   accepted on the sufficient-decrease condition U(x + alpha d) <= U + c1 alpha phi'(0).
   Near convergence (|F| ~ 1e-10) that energy difference is far below the rounding of U
   (~1e-16 |U|), so the energy test is replaced by its estimate from the two slopes,
   U(alpha) - U(0) ~ alpha (phi'(0) + phi'(alpha)) / 2 (trapezoid rule, exact for a
   quadratic), whenever the measured difference is within the rounding noise. A rejected
   step is halved; a direction that fails 30 times restarts from steepest descent. The
   stopping test is DWMinimizerStop's (minimizer.c). */
#include "landscape/minimizerimpl.h"

static const PetscReal c1 = 1e-4;

static PetscErrorCode SetFromOptions_LBFGS(DWMinimizer min, PetscOptionItems *PetscOptionsObject)
{
  PetscInt m = min->lbfgs_m;

  PetscFunctionBegin;
  PetscCall(
      PetscOptionsInt("-min_lbfgs_m", "L-BFGS number of stored corrections", NULL, m, &m, NULL));
  PetscCheck(m >= 1 && m <= 100, min->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-min_lbfgs_m %" PetscInt_FMT " must lie in [1, 100]", m);
  if (m != min->lbfgs_m) {
    min->lbfgs_m = m;
    min->n       = -1; /* reallocate the work arrays */
  }
  PetscFunctionReturn(0);
}

/* d = -H g by the two-loop recursion over the `count` stored pairs, newest at `head`.
   Here the forces f = -g are stored, so d = H f. */
static void TwoLoop(DWMinimizer min, PetscInt n, PetscInt count, PetscInt head, const PetscReal f[],
                    PetscReal d[])
{
  const PetscInt m = min->lbfgs_m;
  PetscReal gamma;

  for (PetscInt k = 0; k < n; k++) d[k] = f[k];
  for (PetscInt c = 0; c < count; c++) {
    const PetscInt i   = (head - c + m) % m;
    const PetscReal *s = &min->S[i * n], *y = &min->Y[i * n];
    min->alpha[i] = min->rho[i] * DWDot(n, s, d);
    for (PetscInt k = 0; k < n; k++) d[k] -= min->alpha[i] * y[k];
  }
  gamma = DWDot(n, &min->S[head * n], &min->Y[head * n]) /
          DWDot(n, &min->Y[head * n], &min->Y[head * n]);
  for (PetscInt k = 0; k < n; k++) d[k] *= gamma;
  for (PetscInt c = count - 1; c >= 0; c--) {
    const PetscInt i   = (head - c + m) % m;
    const PetscReal *s = &min->S[i * n], *y = &min->Y[i * n];
    const PetscReal beta = min->rho[i] * DWDot(n, y, d);
    for (PetscInt k = 0; k < n; k++) d[k] += s[k] * (min->alpha[i] - beta);
  }
}

/* Scales d so that no particle moves more than maxstep. */
static void CapStep(PetscInt N, PetscReal d[], PetscReal maxstep)
{
  PetscReal dmax2 = 0;
  for (PetscInt i = 0; i < N; i++)
    dmax2 = PetscMax(dmax2, d[3 * i] * d[3 * i] + d[3 * i + 1] * d[3 * i + 1] +
                                d[3 * i + 2] * d[3 * i + 2]);
  if (dmax2 > maxstep * maxstep) {
    const PetscReal s = maxstep / PetscSqrtReal(dmax2);
    for (PetscInt k = 0; k < 3 * N; k++) d[k] *= s;
  }
}

/* Tries steps alpha d (alpha = 1, 1/2, ...) from x = xold; on success x, U, f hold the new
   point and *alpha the step. */
static PetscErrorCode LineSearch(DWMinimizer min, DWSystem sys, DWPotential pot, DWNeighborList nl,
                                 PetscReal x[], PetscReal *U, PetscReal *alpha, PetscBool *ok,
                                 DWMinimizerResult *res)
{
  const PetscInt n   = min->n;
  const PetscReal *d = min->d, U0 = *U, slope0 = -DWDot(n, min->fold, d);
  PetscReal *f = min->f;

  PetscFunctionBegin;
  *ok    = PETSC_FALSE;
  *alpha = 2.0;
  for (int tries = 0; tries < 30 && !*ok; tries++) {
    *alpha *= 0.5;
    for (PetscInt k = 0; k < n; k++) x[k] = min->xold[k] + *alpha * d[k];
    PetscCall(DWMinimizerEvaluate(sys, pot, nl, U, f, res));
    if (PetscIsNanReal(*U) || PetscIsInfReal(*U)) continue;
    const PetscReal slope = -DWDot(n, f, d), noise = 1e-12 * PetscAbsReal(U0) + 1e-300;
    const PetscReal dU =
        (PetscAbsReal(*U - U0) > noise) ? *U - U0 : 0.5 * *alpha * (slope0 + slope);
    *ok = (PetscBool)(dU <= c1 * *alpha * slope0);
  }
  if (!*ok) {
    for (PetscInt k = 0; k < n; k++) x[k] = min->xold[k];
    PetscCall(DWMinimizerEvaluate(sys, pot, nl, U, f, res));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Solve_LBFGS(DWMinimizer min, DWSystem sys, DWPotential pot, DWNeighborList nl,
                                  DWMinimizerResult *res)
{
  const PetscInt n = min->n, N = n / 3, m = min->lbfgs_m;
  PetscReal *x, *f = min->f, *d = min->d, U;
  PetscInt count = 0, head = m - 1;

  PetscFunctionBegin;
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(DWMinimizerEvaluate(sys, pot, nl, &U, f, res));
  for (res->iterations = 0;; res->iterations++) {
    if (DWMinimizerStop(min, n, f, res)) break;
    if (count) TwoLoop(min, n, count, head, f, d);
    if (!count ||
        DWDot(n, d, f) <= 0) { /* no memory or not a descent direction: steepest descent */
      count = 0;
      for (PetscInt k = 0; k < n; k++) d[k] = f[k] * (0.01 / res->fmax);
    }
    CapStep(N, d, min->maxstep);
    PetscCall(PetscArraycpy(min->xold, x, n));
    PetscCall(PetscArraycpy(min->fold, f, n));
    PetscReal alpha;
    PetscBool ok;
    PetscCall(LineSearch(min, sys, pot, nl, x, &U, &alpha, &ok, res));
    if (!ok && count == 0) {
      res->reason = DW_MIN_DIVERGED_LINESEARCH;
      break;
    }
    if (!ok) {
      count = 0;
      continue;
    }
    /* the new pair s = x - xold, y = g - gold = fold - f */
    head         = (head + 1) % m;
    PetscReal *s = &min->S[head * n], *y = &min->Y[head * n];
    for (PetscInt k = 0; k < n; k++) {
      s[k] = x[k] - min->xold[k];
      y[k] = min->fold[k] - f[k];
    }
    const PetscReal sy = DWDot(n, s, y);
    if (sy > 0) {
      min->rho[head] = 1.0 / sy;
      count          = PetscMin(count + 1, m);
    } else
      head = (head - 1 + m) % m; /* curvature condition violated: keep the old pairs */
  }
  res->energy = U / N;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerCreate_LBFGS(DWMinimizer min)
{
  PetscFunctionBegin;
  min->ops->setfromoptions = SetFromOptions_LBFGS;
  min->ops->solve          = Solve_LBFGS;
  PetscFunctionReturn(0);
}
