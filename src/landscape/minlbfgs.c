/* The L-BFGS minimiser (-min_type lbfgs; Nocedal, Math. Comp. 35, 773 (1980); Nocedal and
   Wright, "Numerical Optimization", 2nd ed., alg. 7.4 two-loop recursion, eq. 7.20 initial
   scaling H0 = (s.y / y.y) I) with m = -min_lbfgs_m corrections.

   Preconditioned (-min_lbfgs_precond exp|hessian|newton|blocks; minprecond.c): H0 = gamma P^-1 with
   P a fixed positive definite model of the Hessian and gamma = s.y / y.P^-1 y (eq. 7.20 in the
   metric of P). The two-loop recursion needs P^-1 q for q = f - sum_i alpha_i y_i; with
   z = P^-1 f computed once per iteration and w_i = P^-1 y_i stored with each pair (w = z_old -
   z_new, the difference of two solves already done), P^-1 q = z - sum_i alpha_i w_i costs no
   extra solve: one application of P^-1 per iteration, plus one per stored pair whenever P
   is rebuilt. Without memory (first step, restarts) the direction is P^-1 f (f where that is
   not a descent direction, which P^-1 applied by a few CG iterations on an indefinite P allows).
   Without a preconditioner the iteration is the plain one above, operation for operation. P is
   switched on only once |F|_inf <= -min_precond_fmax (default 0.1 eps/sigma; the stored pairs are
   kept): far from a minimum P (which amplifies the soft directions) sends the first steps across
   ridges into another basin than plain L-BFGS, CG and steepest-descent like methods reach. Measured
   (bench_minimize -bench_method agree, pss N = 1500, 10 starts 1 tau apart at T_exp = 0.04): the
   hessian-preconditioned IS is the plain L-BFGS one on 5/10 starts with P from the start, 9/10 with
   fmax 1 or 0.3, 10/10 with fmax 0.1, 1e-2 or 1e-3 (231, 278, 344 force evaluations per IS against
   208 from the start and 608 unpreconditioned). In `dwell explore` (pss N = 1500, 2 runs of 20 tau,
   42 minimisations, 35 IS) the IS found with fmax 0.1 / 1e-2 / 1e-3 are those of plain L-BFGS for
   29 / 34 / 35 of the 35 (CG: 31, FIRE: 30; every method found 35 IS and 34 transitions), with
   10772 / 12448 / 15333 force evaluations against 26550 (CG 39966, FIRE 41559): which minimum a
   thermal configuration near a basin boundary drains into depends on the method, and 0.1 keeps the
   preconditioned one as close to plain L-BFGS as CG and FIRE are. The same measure for "newton"
   (issue 17; pss as above, and ka2 N = 1200 at T_exp = 0.4): fmax 0.1 9/10 on pss (as "hessian" on
   those starts) with 117 force evaluations per IS against 255, 10/10 on ka2 (194 against 290); fmax
   1 only 6/10 on pss (107), so 0.1 stays the default for every type.

   Line search (DWMinimizerLineSearch in minimizer.c, Armijo only): the trial step alpha = 1
   (after capping every particle's displacement at -min_maxstep), halved until the force-aware
   sufficient-decrease test holds; a direction that fails 30 times restarts from steepest
   descent. The stopping test is DWMinimizerStop's (minimizer.c). */
#include "landscape/minimizerimpl.h"

static PetscErrorCode SetFromOptions_LBFGS(DWMinimizer min, PetscOptionItems *PetscOptionsObject)
{
  PetscInt m              = min->lbfgs_m;
  DWMinPrecondParams *par = &min->precond_par;
  char types[128], help[256];

  PetscFunctionBegin;
  PetscCall(PetscOptionsInt("-lbfgs_m", "L-BFGS number of stored corrections", NULL, m, &m, NULL));
  PetscCheck(m >= 1 && m <= 100, min->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%slbfgs_m %" PetscInt_FMT " must lie in [1, 100]", min->prefix, m);
  if (m != min->lbfgs_m) {
    min->lbfgs_m = m;
    min->n       = -1; /* reallocate the work arrays */
  }
  PetscCall(DWMinPrecondListTypes(", ", types, sizeof(types)));
  PetscCall(PetscSNPrintf(help, sizeof(help), "L-BFGS preconditioner: none, %s", types));
  PetscCall(PetscOptionsString("-lbfgs_precond", help, "DWMinimizerLBFGSSetPreconditioner",
                               min->lbfgs_precond, min->lbfgs_precond, sizeof(min->lbfgs_precond),
                               NULL));
  PetscCall(DWMinimizerLBFGSSetPreconditioner(min, min->lbfgs_precond));
  PetscCall(PetscOptionsReal("-precond_rcut",
                             "pairs with r < rcut s_ij enter the preconditioner (< 0: the type's "
                             "default, hessian/blocks/newton 1.5, exp 2)",
                             NULL, par->rcut, &par->rcut, NULL));
  PetscCall(PetscOptionsReal("-precond_shift",
                             "diagonal shift mu_c of the preconditioner (< 0: the type's default, "
                             "hessian/blocks 1 eps/sigma^2, newton 0.01, exp 0.1)",
                             NULL, par->shift, &par->shift, NULL));
  PetscCall(PetscOptionsReal("-precond_rebuild",
                             "rebuild the preconditioner when a particle moved this far (sigma)",
                             NULL, par->rebuild, &par->rebuild, NULL));
  PetscCall(PetscOptionsReal("-precond_fmax",
                             "L-BFGS uses the preconditioner once |F|_inf <= this (eps/sigma)",
                             NULL, par->fmax, &par->fmax, NULL));
  PetscCall(
      PetscOptionsReal("-precond_refresh",
                       "rebuild the preconditioner once |F|_inf fell below this times its value "
                       "at the last build (0: never; < 0: the type's default, newton 1e-2, "
                       "others 0)",
                       NULL, par->refresh, &par->refresh, NULL));
  PetscCall(PetscOptionsReal("-precond_exact",
                             "newton preconditioner: the exact pair Hessian blocks once |F|_inf <= "
                             "this (eps/sigma), their positive parts before",
                             NULL, par->exact, &par->exact, NULL));
  PetscCall(PetscOptionsReal("-precond_exp_A", "exp preconditioner: decay rate A", NULL, par->A,
                             &par->A, NULL));
  PetscFunctionReturn(0);
}

/* d = -H g by the two-loop recursion over the `count` stored pairs, newest at `head`.
   Here the forces f = -g are stored, so d = H f. With a preconditioner z = P^-1 f and the
   stored w_i = P^-1 y_i (z == NULL: none). */
static void TwoLoop(DWMinimizer min, PetscInt n, PetscInt count, PetscInt head, const PetscReal f[],
                    const PetscReal z[], PetscReal d[])
{
  const PetscInt m       = min->lbfgs_m;
  PetscReal *q           = z ? min->q : d, gamma;
  const PetscReal *Pinvy = z ? &min->W[head * n] : &min->Y[head * n];

  for (PetscInt k = 0; k < n; k++) q[k] = f[k];
  if (z)
    for (PetscInt k = 0; k < n; k++) d[k] = z[k];
  for (PetscInt c = 0; c < count; c++) {
    const PetscInt i   = (head - c + m) % m;
    const PetscReal *s = &min->S[i * n], *y = &min->Y[i * n];
    min->alpha[i] = min->rho[i] * DWDot(n, s, q);
    for (PetscInt k = 0; k < n; k++) q[k] -= min->alpha[i] * y[k];
    if (z) {
      const PetscReal *w = &min->W[i * n];
      for (PetscInt k = 0; k < n; k++) d[k] -= min->alpha[i] * w[k];
    }
  }
  gamma = DWDot(n, &min->S[head * n], &min->Y[head * n]) / DWDot(n, &min->Y[head * n], Pinvy);
  for (PetscInt k = 0; k < n; k++) d[k] *= gamma;
  for (PetscInt c = count - 1; c >= 0; c--) {
    const PetscInt i   = (head - c + m) % m;
    const PetscReal *s = &min->S[i * n], *y = &min->Y[i * n];
    const PetscReal beta = min->rho[i] * DWDot(n, y, d);
    for (PetscInt k = 0; k < n; k++) d[k] += s[k] * (min->alpha[i] - beta);
  }
}

/* With a preconditioner, at the start of an iteration: P (rebuilt if due), z = P^-1 f, and
   the w_i = P^-1 y_i of the stored pairs: all of them after a rebuild, else the newest
   (`fresh`) from the previous z. */
static PetscErrorCode Precondition(DWMinimizer min, DWSystem sys, DWPotential pot,
                                   DWNeighborList nl, PetscBool restart, PetscInt count,
                                   PetscInt head, PetscBool fresh, DWMinimizerResult *res)
{
  const PetscInt n = min->n, m = min->lbfgs_m;
  PetscBool rebuilt;

  PetscFunctionBegin;
  PetscCall(DWMinPrecondUpdate(min->pc, sys, pot, nl, res->fmax, restart, &rebuilt));
  PetscCall(DWMinPrecondApply(min->pc, min->f, min->z));
  if (rebuilt) {
    res->precond_builds++;
    for (PetscInt c = 0; c < count; c++) {
      const PetscInt i = (head - c + m) % m;
      PetscCall(DWMinPrecondApply(min->pc, &min->Y[i * n], &min->W[i * n]));
    }
  } else if (fresh) {
    PetscReal *w = &min->W[head * n];
    for (PetscInt k = 0; k < n; k++) w[k] = min->zold[k] - min->z[k];
  }
  PetscCall(PetscArraycpy(min->zold, min->z, n));
  PetscFunctionReturn(0);
}

static PetscErrorCode Solve_LBFGS(DWMinimizer min, DWSystem sys, DWPotential pot, DWNeighborList nl,
                                  DWMinimizerResult *res)
{
  const PetscInt n = min->n, N = n / 3, m = min->lbfgs_m;
  PetscReal *x, *f = min->f, *d = min->d, *z = NULL, U;
  PetscInt count = 0, head = m - 1;
  PetscBool fresh = PETSC_FALSE; /* a pair was stored in the last iteration */

  PetscFunctionBegin;
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(DWMinimizerEvaluate(sys, pot, nl, &U, f, res));
  for (res->iterations = 0;; res->iterations++) {
    if (DWMinimizerStop(min, n, f, res)) break;
    if (min->pc && (z || res->fmax <= min->precond_par.fmax)) {
      const PetscBool on = (PetscBool)!z; /* switched on now: build P, all w_i */
      z                  = min->z;
      PetscCall(Precondition(min, sys, pot, nl, on, count, head, fresh, res));
    }
    fresh = PETSC_FALSE;
    if (count) TwoLoop(min, n, count, head, f, z, d);
    if (!count ||
        DWDot(n, d, f) <= 0) { /* no memory or not a descent direction: steepest descent */
      const PetscBool pz = (PetscBool)(z && DWDot(n, z, f) > 0);
      const PetscReal *g = pz ? z : f, gmax = pz ? DWNormInf(n, z) : res->fmax;
      count = 0;
      for (PetscInt k = 0; k < n; k++) d[k] = g[k] * (0.01 / gmax);
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
    PetscCall(PetscInfo(NULL,
                        "L-BFGS it %" PetscInt_FMT " evals %" PetscInt_FMT
                        " |F|_inf %.3e alpha %g precond %d builds %" PetscInt_FMT "\n",
                        res->iterations, res->force_evaluations, (double)res->fmax, (double)alpha,
                        (int)(z != NULL), res->precond_builds));
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
      fresh          = PETSC_TRUE;
    } else
      head = (head - 1 + m) % m; /* curvature condition violated: keep the old pairs */
  }
  res->energy = U / N;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerLBFGSSetPreconditioner(DWMinimizer min, const char type[])
{
  PetscBool none;

  PetscFunctionBegin;
  PetscCall(PetscStrcmp(type, "none", &none));
  if (!none) PetscCall(DWMinPrecondCheckType(min->comm, min->prefix, type));
  if (type != min->lbfgs_precond)
    PetscCall(PetscStrncpy(min->lbfgs_precond, type, sizeof(min->lbfgs_precond)));
  PetscCall(DWMinPrecondDestroy(&min->pc)); /* the next solve creates the new one */
  min->n = -1;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerCreate_LBFGS(DWMinimizer min)
{
  PetscFunctionBegin;
  min->ops->setfromoptions = SetFromOptions_LBFGS;
  min->ops->solve          = Solve_LBFGS;
  PetscFunctionReturn(0);
}
