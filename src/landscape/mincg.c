/* The nonlinear conjugate-gradient minimiser (-min_type cg), as [JCP23] (sec. II.D) minimises
   and as LAMMPS's min_style cg does: Polak-Ribiere+ (Nocedal and Wright, "Numerical
   Optimization", 2nd ed., alg. 5.4 with eqs. 5.44-5.45), written with the forces F = -grad U:
       d_0 = F_0,   d_k = F_k + beta_k d_{k-1},
       beta_k = max(0, F_k . (F_k - F_{k-1}) / (F_{k-1} . F_{k-1})),
   restarted with d_k = F_k whenever d_k is not a descent direction (F_k . d_k <= 0).
   Each step x_{k+1} = x_k + alpha d_k comes from the force-aware line search shared with
   L-BFGS (DWMinimizerLineSearch, minimizer.c) with the strong Wolfe curvature condition
   |F_{k+1} . d_k| <= c2 |F_k . d_k| (-min_cg_c2, default 0.1, the usual choice for CG), which
   keeps the conjugate directions descent directions. The first trial step is scaled as in
   Nocedal and Wright eq. 3.60, alpha_0 = alpha_{k-1} (F_{k-1} . d_{k-1}) / (F_k . d_k) (the
   previous step's first-order decrease), on a restart so that the largest force component
   moves 0.01 sigma; no particle moves more than -min_maxstep per step. The stopping test is
   DWMinimizerStop's (|F|_inf <= -min_ftol, minimizer.c). */
#include "landscape/minimizerimpl.h"

static PetscErrorCode SetFromOptions_CG(DWMinimizer min, PetscOptionItems *PetscOptionsObject)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsReal("-cg_c2",
                             "CG line search: strong Wolfe curvature parameter c2 (|F.d| <= c2 "
                             "|F0.d|)",
                             NULL, min->cg_c2, &min->cg_c2, NULL));
  PetscCheck(min->cg_c2 > 1e-4 && min->cg_c2 < 1, min->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%scg_c2 %g must lie in (1e-4, 1) (above the sufficient-decrease c1 = 1e-4)",
             min->prefix, (double)min->cg_c2);
  PetscFunctionReturn(0);
}

static PetscErrorCode Solve_CG(DWMinimizer min, DWSystem sys, DWPotential pot, DWNeighborList nl,
                               DWMinimizerResult *res)
{
  PetscInt N;
  PetscReal *x, *f = min->f, *d = min->d, U;
  PetscReal scale = 0;     /* d = scale * (the conjugate direction) */
  PetscReal step  = 0;     /* alpha * scale of the last step, 0: restart */
  PetscReal Fd    = 0, F2; /* F_{k-1} . (direction_{k-1}) and F_{k-1} . F_{k-1} */

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetPositions(sys, &x));
  const PetscInt n = 3 * N;
  PetscCall(DWMinimizerEvaluate(sys, pot, nl, &U, f, res));
  for (res->iterations = 0;; res->iterations++) {
    if (DWMinimizerStop(min, n, f, res)) break;
    PetscReal fd = 0, t;
    if (step > 0) { /* PR+ from the previous direction d / scale */
      F2                   = DWDot(n, min->fold, min->fold);
      const PetscReal beta = PetscMax(0, (DWDot(n, f, f) - DWDot(n, f, min->fold)) / F2);
      for (PetscInt k = 0; k < n; k++) d[k] = f[k] + beta * d[k] / scale;
      fd = DWDot(n, f, d);
    }
    if (step <= 0 || !(fd > 0)) { /* (re)start with steepest descent */
      for (PetscInt k = 0; k < n; k++) d[k] = f[k];
      fd   = DWDot(n, f, f);
      step = 0;
    }
    t = step > 0 ? step * Fd / fd : 0.01 / res->fmax;
    for (PetscInt k = 0; k < n; k++) d[k] *= t;
    scale = t * DWMinimizerCapStep(N, d, min->maxstep);
    Fd    = fd;
    PetscCall(PetscArraycpy(min->xold, x, n));
    PetscCall(PetscArraycpy(min->fold, f, n));
    PetscReal alpha;
    PetscBool ok;
    PetscCall(DWMinimizerLineSearch(min, sys, pot, nl, min->cg_c2, &U, &alpha, &ok, res));
    if (!ok && step == 0) {
      res->reason = DW_MIN_DIVERGED_LINESEARCH;
      break;
    }
    step = ok ? alpha * scale : 0;
  }
  res->energy = U / N;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerCreate_CG(DWMinimizer min)
{
  PetscFunctionBegin;
  min->ops->setfromoptions = SetFromOptions_CG;
  min->ops->solve          = Solve_CG;
  PetscFunctionReturn(0);
}
