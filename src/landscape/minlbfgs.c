/* The L-BFGS minimiser (-min_type lbfgs; Nocedal, Math. Comp. 35, 773 (1980); Nocedal and
   Wright, "Numerical Optimization", 2nd ed., alg. 7.4 two-loop recursion, eq. 7.20 initial
   scaling H0 = (s.y / y.y) I) with m = -min_lbfgs_m corrections.

   Line search (DWMinimizerLineSearch in minimizer.c, Armijo only): the trial step alpha = 1
   (after capping every particle's displacement at -min_maxstep), halved until the force-aware
   sufficient-decrease test holds; a direction that fails 30 times restarts from steepest
   descent. The stopping test is DWMinimizerStop's (minimizer.c). */
#include "landscape/minimizerimpl.h"

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
    DWMinimizerCapStep(N, d, min->maxstep);
    PetscCall(PetscArraycpy(min->xold, x, n));
    PetscCall(PetscArraycpy(min->fold, f, n));
    PetscReal alpha;
    PetscBool ok;
    PetscCall(DWMinimizerLineSearch(min, sys, pot, nl, 0, &U, &alpha, &ok, res));
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
