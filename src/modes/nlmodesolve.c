/* The fixed-point iteration of the cubic nonlinear mode ([PRM21] eq. 6; include/dwell/nlmode.h):
     pi_{n+1} = normalise( (M:pi_n pi_n / U:pi_n pi_n pi_n) M^-1 U:pi_n pi_n ),
   M^-1 by the KSP (CG) on the complement of the zero modes, until |pi_{n+1} - pi_n| < rtol.
   Each iteration: pi gathered on every rank (the third-order contractions are replicated), U:pi pi
   and U:pi pi pi, kappa = pi . M pi (one MatMult), one KSP solve. At the returned pi the result
   holds its own kappa, U3, the barrier V_3 = 2 kappa^3 / (3 U3^2) and its participation ratio
   ([PRM21] eq. 4), so one more evaluation follows the last step. */
#include "modes/nlmodeimpl.h"
#include "modes/modesimpl.h"

/* U:pi pi into m->b (zero modes removed, distributed), U3 = U:pi pi pi, kappa = pi . M pi. */
static PetscErrorCode Evaluate(DWNLMode m, PetscReal *kappa, PetscReal *U3, PetscReal *bnorm)
{
  PetscScalar *b, k;
  PetscInt lo, hi;

  PetscFunctionBegin;
  PetscCall(DWNLModeGatherMode(m));
  PetscCall(m->third(m->third_ctx, m->p, m->Upp, U3));
  PetscCall(VecGetOwnershipRange(m->b, &lo, &hi));
  PetscCall(VecGetArray(m->b, &b));
  for (PetscInt i = lo; i < hi; i++) b[i - lo] = m->Upp[i];
  PetscCall(VecRestoreArray(m->b, &b));
  PetscCall(MatNullSpaceRemove(m->ns, m->b));
  PetscCall(VecNorm(m->b, NORM_2, bnorm));
  PetscCall(MatMult(m->H, m->pi, m->x));
  PetscCall(VecDot(m->x, m->pi, &k));
  *kappa = PetscRealPart(k);
  PetscFunctionReturn(0);
}

/* The outcome at the current pi, before any step: a stop reason or DW_NLMODE_ITERATING. U3
   counts as zero when |U:pi pi pi| <= 1e-12 |U:pi pi| (pi unit: U:pi pi orthogonal to pi to
   rounding), which includes U:pi pi = 0, where eq. 6 gives pi = 0. */
static DWNLModeReason Check(PetscReal kappa, PetscReal U3, PetscReal bnorm)
{
  if (!(kappa > 0)) return DW_NLMODE_DIVERGED_INDEFINITE;
  if (!(PetscAbsReal(U3) > 1e-12 * bnorm)) return DW_NLMODE_DIVERGED_HARMONIC;
  return DW_NLMODE_ITERATING;
}

/* A 2-cycle: back = |pi_{n+1} - pi_{n-1}| < rtol while the step itself stays large,
   back < 1e-3 change. Near a fixed point approached with alternating sign, pi_n = pi* +
   rho^n v with -1 < rho < 0, back / change = |1 + rho| / |rho|: the second condition excludes
   it unless |1 + rho| < 1e-3, where reaching rtol would take ~ln(1/rtol) / |1 + rho| > 1e4
   iterations (then a near-cycle, reported as one). */
static PetscBool IsCycle(PetscReal change, PetscReal back, PetscReal rtol)
{
  return (PetscBool)(back < rtol && back < 1e-3 * change);
}

/* One step of eq. 6: pi <- normalise((kappa / U3) M^-1 U:pi pi); *change = |pi_new - pi| and
 *back = |pi_new - pi_prev| (pi_prev the pi before this one; m->prev becomes the old pi). */
static PetscErrorCode Step(DWNLMode m, PetscReal kappa, PetscReal U3, PetscReal *change,
                           PetscReal *back, DWNLModeReason *reason)
{
  KSPConvergedReason kr;
  PetscInt its;
  PetscReal norm;

  PetscFunctionBegin;
  PetscCall(KSPSolve(m->ksp, m->b, m->x));
  PetscCall(KSPGetConvergedReason(m->ksp, &kr));
  PetscCall(KSPGetIterationNumber(m->ksp, &its));
  m->res.ksp_its += its;
  if (kr < 0) {
    *reason = kr == KSP_DIVERGED_INDEFINITE_MAT || kr == KSP_DIVERGED_INDEFINITE_PC
                  ? DW_NLMODE_DIVERGED_INDEFINITE
                  : DW_NLMODE_DIVERGED_LINEAR_SOLVE;
    PetscCall(PetscInfo(NULL, "nlmode: KSP %s after %" PetscInt_FMT " iterations\n",
                        KSPConvergedReasons[kr], its));
    PetscFunctionReturn(0);
  }
  PetscCall(MatNullSpaceRemove(m->ns, m->x));
  PetscCall(VecScale(m->x, kappa / U3));
  PetscCall(VecNormalize(m->x, &norm));
  PetscCall(VecAXPY(m->prev, -1, m->x));
  PetscCall(VecNorm(m->prev, NORM_2, back));
  PetscCall(VecCopy(m->pi, m->prev));
  PetscCall(VecAXPY(m->pi, -1, m->x));
  PetscCall(VecNorm(m->pi, NORM_2, change));
  PetscCall(VecCopy(m->x, m->pi));
  PetscFunctionReturn(0);
}

/* pi_0: the start (replicated) without its zero-mode part, normalised; errors if nothing is
   left. */
static PetscErrorCode SetStart(DWNLMode m, const PetscReal start[])
{
  PetscScalar *a;
  PetscInt lo, hi, n;
  PetscReal norm0, norm;

  PetscFunctionBegin;
  PetscCall(VecGetSize(m->pi, &n));
  PetscCall(VecGetOwnershipRange(m->pi, &lo, &hi));
  PetscCall(VecGetArray(m->pi, &a));
  for (PetscInt i = lo; i < hi; i++) a[i - lo] = start[i];
  PetscCall(VecRestoreArray(m->pi, &a));
  PetscCall(VecNorm(m->pi, NORM_2, &norm0));
  PetscCheck(norm0 > 0 && !PetscIsInfOrNanReal(norm0), m->comm, PETSC_ERR_ARG_WRONG,
             "nlmode: the start field has norm %g (a zero or non-finite field cannot start PRM21 "
             "eq. 6)",
             (double)norm0);
  PetscCall(MatNullSpaceRemove(m->ns, m->pi));
  PetscCall(VecNormalize(m->pi, &norm));
  PetscCheck(norm > 1e-10 * norm0, m->comm, PETSC_ERR_ARG_WRONG,
             "nlmode: the start field lies in the null space of the Hessian (a rigid translation: "
             "|start - translations| = %g of |start| = %g)",
             (double)norm, (double)norm0);
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckInput(DWNLMode m)
{
  PetscFunctionBegin;
  PetscCheck(m->H, m->comm, PETSC_ERR_ORDER,
             "nlmode: no Hessian (DWNLModeSetHessian or DWNLModeSetPotential)");
  PetscCheck(m->third, m->comm, PETSC_ERR_ORDER,
             "nlmode: no third-order contractions (DWNLModeSetThirdOrder or DWNLModeSetPotential)");
  PetscCheck(m->fmax <= m->gtol, m->comm, PETSC_ERR_ARG_WRONG,
             "nlmode: the configuration is not a minimum: |F|_inf = %g eps/sigma > -%sgtol %g "
             "(minimise it first: dwell minimize)",
             (double)m->fmax, m->prefix, (double)m->gtol);
  PetscFunctionReturn(0);
}

/* kappa, U3, V_3 and P of the current pi into the result. */
static PetscErrorCode Record(DWNLMode m, PetscReal kappa, PetscReal U3)
{
  PetscInt bs;

  PetscFunctionBegin;
  PetscCall(MatGetBlockSize(m->H, &bs));
  m->res.kappa = kappa;
  m->res.U3    = U3;
  m->res.V3    = U3 != 0 ? 2 * kappa * kappa * kappa / (3 * U3 * U3) : PETSC_INFINITY;
  PetscCall(DWModesVecParticipationRatio(m->pi, bs, &m->res.P));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNLModeSolve(DWNLMode m, const PetscReal start[])
{
  DWNLModeReason reason = DW_NLMODE_ITERATING;
  PetscReal kappa = 0, U3 = 0, bnorm, change = PETSC_INFINITY, back = PETSC_INFINITY;

  PetscFunctionBegin;
  PetscCall(CheckInput(m));
  PetscCall(SetStart(m, start));
  PetscCall(VecSet(m->prev, 0)); /* |pi_1 - 0| = 1: no cycle at the first step */
  if (!m->ksp_setup) PetscCall(KSPSetUp(m->ksp));
  m->ksp_setup = PETSC_TRUE;
  PetscCall(PetscMemzero(&m->res, sizeof(m->res)));
  m->res.change = PETSC_INFINITY;
  for (;;) {
    PetscCall(Evaluate(m, &kappa, &U3, &bnorm));
    reason = Check(kappa, U3, bnorm);
    if (reason == DW_NLMODE_ITERATING && change < m->rtol) reason = DW_NLMODE_CONVERGED;
    if (reason == DW_NLMODE_ITERATING && IsCycle(change, back, m->rtol))
      reason = DW_NLMODE_DIVERGED_CYCLE;
    if (reason == DW_NLMODE_ITERATING && m->res.its >= m->maxit) reason = DW_NLMODE_DIVERGED_MAXIT;
    if (reason != DW_NLMODE_ITERATING) break;
    PetscCall(Step(m, kappa, U3, &change, &back, &reason));
    if (reason != DW_NLMODE_ITERATING) break;
    m->res.its++;
    m->res.change = change;
    PetscCall(PetscInfo(NULL,
                        "nlmode: iteration %" PetscInt_FMT " kappa %.10g U3 %.10g change %.3e\n",
                        m->res.its, (double)kappa, (double)U3, (double)change));
  }
  m->res.reason = reason;
  PetscCall(Record(m, kappa, U3));
  m->solved = PETSC_TRUE;
  PetscCall(PetscInfo(NULL, "nlmode: %s after %" PetscInt_FMT " iterations, change %g\n",
                      DWNLModeReasonName(reason), m->res.its, (double)m->res.change));
  PetscFunctionReturn(0);
}
