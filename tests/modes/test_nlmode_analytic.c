/* Nonlinear (cubic) modes, [PRM21] eq. 6 (DWNLMode), on analytic surfaces of n = 6 coordinates
   with one exact zero mode t = (1, ..., 1) / sqrt(6) (a translation) and a known cubic term.
   Q = (t, q_1, ..., q_5) is an orthonormal basis (Gram-Schmidt of fixed vectors), y_k = q_k . x.
   1. Separable: V = sum_k k_k y_k^2 / 2 + a_k y_k^3 / 6. Eq. 6 maps y_k -> (a_k / k_k) y_k^2 up
      to a common factor, so the iteration converges (quadratically) to the q_k of largest
      |a_k y_k / k_k| in the start: from y = (1, .3, .2, .1, .05) (plus a translation part 0.5 t,
      which must be projected out) to pi = q_1 with kappa = k_1, U3 = a_1, V_3 = 2 k_1^3 /
      (3 a_1^2); from y = (.2, 1, .1, .1, .1) to q_2. rtol 1e-10, quadratic convergence: the
      errors of pi, kappa, U3 are of order rtol^2, tested at 1e-9 (the CG tolerance 1e-12 and
      rounding are below).
   2. One cubic direction d (d . t = 0): V = x.K x / 2 + g (d.x)^3 / 6, U:pp = g (d.p)^2 d. Eq. 5
      gives pi ~ K^+ d (K^+ the pseudo-inverse on the complement of t), reached in one step
      from any start with d . pi != 0. From the eigen-decomposition of K (independent of the
      KSP), with s = d.K^+ d: pi* = K^+ d / |K^+ d|, kappa = s / |K^+ d|^2 and V_3 = 2 kappa^3 /
      (3 U3^2) = 2 / (3 g^2 s^3). Tested at 1e-9.
   3. Harmonic (U = 0 along the start): g = 0, or a start orthogonal to d (U:pi pi = 0): the
      result's reason is DW_NLMODE_DIVERGED_HARMONIC, not converged.
   4. Not a minimum: k_1 = -1 and a start along q_1: DW_NLMODE_DIVERGED_INDEFINITE.
   5. -nlmode_maxit 1 on case 1: DW_NLMODE_DIVERGED_MAXIT (non-convergence reported).
   6. Bad input: a zero start and a start along t (in the null space) are errors.
   7. A 2-cycle of the map: n = 2, M = I, and contractions U:pp = |p| S p, U:ppp = |p| p.S p with
      the reflection S = diag(1, -1) (a test operator, not a potential): for pi = (cos t, sin t),
      |t| < pi/4, eq. 6 gives S pi and then pi again, so the solve stops after 2 iterations with
      DW_NLMODE_DIVERGED_CYCLE.
   Runs on 1 and 2 ranks (the Hessian is distributed, the contractions replicated). */
#include "testutil.h"
#include <dwell/nlmode.h>

#define NC 6

typedef struct {
  PetscReal Q[NC][NC]; /* Q[0] = t, Q[k] = q_k */
  PetscReal k[NC], a[NC];
  PetscReal d[NC], g; /* case 2: one cubic direction */
  PetscBool separable;
} Surface;

static PetscReal Dot(const PetscReal u[], const PetscReal v[])
{
  PetscReal s = 0;
  for (int i = 0; i < NC; i++) s += u[i] * v[i];
  return s;
}

/* Gram-Schmidt of t and fixed vectors w_k (w_k,i = cos(1.3 k i + 0.7 i^2 + k)). */
static void MakeBasis(Surface *s)
{
  for (int i = 0; i < NC; i++) s->Q[0][i] = 1 / PetscSqrtReal(NC);
  for (int k = 1; k < NC; k++) {
    for (int i = 0; i < NC; i++) s->Q[k][i] = PetscCosReal(1.3 * k * i + 0.7 * i * i + k);
    for (int j = 0; j < k; j++) {
      const PetscReal p = Dot(s->Q[k], s->Q[j]);
      for (int i = 0; i < NC; i++) s->Q[k][i] -= p * s->Q[j][i];
    }
    const PetscReal norm = PetscSqrtReal(Dot(s->Q[k], s->Q[k]));
    for (int i = 0; i < NC; i++) s->Q[k][i] /= norm;
  }
  s->k[0] = s->a[0] = 0;
}

static PetscErrorCode ThirdOrder(void *ctx, const PetscReal p[], PetscReal Upp[], PetscReal *Uppp)
{
  const Surface *s = (const Surface *)ctx;

  PetscFunctionBegin;
  *Uppp = 0;
  for (int i = 0; i < NC; i++) Upp[i] = 0;
  if (s->separable)
    for (int k = 1; k < NC; k++) {
      const PetscReal y = Dot(s->Q[k], p);
      *Uppp += s->a[k] * y * y * y;
      for (int i = 0; i < NC; i++) Upp[i] += s->a[k] * y * y * s->Q[k][i];
    }
  else {
    const PetscReal y = Dot(s->d, p);
    *Uppp             = s->g * y * y * y;
    for (int i = 0; i < NC; i++) Upp[i] = s->g * y * y * s->d[i];
  }
  PetscFunctionReturn(0);
}

/* K = sum_k k_k q_k q_k^T as a distributed AIJ Mat. */
static PetscErrorCode CreateHessian(MPI_Comm comm, const Surface *s, Mat *H)
{
  PetscInt lo, hi;

  PetscFunctionBegin;
  PetscCall(MatCreateAIJ(comm, PETSC_DECIDE, PETSC_DECIDE, NC, NC, NC, NULL, NC, NULL, H));
  PetscCall(MatGetOwnershipRange(*H, &lo, &hi));
  for (PetscInt i = lo; i < hi; i++)
    for (PetscInt j = 0; j < NC; j++) {
      PetscReal v = 0;
      for (int k = 1; k < NC; k++) v += s->k[k] * s->Q[k][i] * s->Q[k][j];
      PetscCall(MatSetValue(*H, i, j, v, INSERT_VALUES));
    }
  PetscCall(MatAssemblyBegin(*H, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(*H, MAT_FINAL_ASSEMBLY));
  PetscFunctionReturn(0);
}

/* A DWNLMode on the surface (rtol 1e-10), solved from sum_k y[k] Q[k]. */
static PetscErrorCode SolveFrom(MPI_Comm comm, Surface *s, const PetscReal y[], PetscInt maxit,
                                DWNLModeResult *res, PetscReal pi[], PetscErrorCode *ierr)
{
  DWNLMode m;
  Mat H;
  PetscReal start[NC] = {0};

  PetscFunctionBegin;
  for (int k = 0; k < NC; k++)
    for (int i = 0; i < NC; i++) start[i] += y[k] * s->Q[k][i];
  PetscCall(CreateHessian(comm, s, &H));
  PetscCall(DWNLModeCreate(comm, &m));
  PetscCall(DWNLModeSetTolerances(m, 1e-10, maxit));
  PetscCall(DWNLModeSetFromOptions(m));
  PetscCall(DWNLModeSetHessian(m, H, 1, s->Q[0]));
  PetscCall(DWNLModeSetThirdOrder(m, ThirdOrder, s));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  *ierr = DWNLModeSolve(m, start);
  PetscCall(PetscPopErrorHandler());
  if (!*ierr) {
    PetscCall(DWNLModeGetResult(m, res));
    PetscCall(DWNLModeGetMode(m, pi));
  }
  PetscCall(DWNLModeDestroy(&m));
  PetscCall(MatDestroy(&H));
  PetscFunctionReturn(0);
}

static PetscReal Distance(const PetscReal u[], const PetscReal v[])
{
  PetscReal s = 0;
  for (int i = 0; i < NC; i++) s += (u[i] - v[i]) * (u[i] - v[i]);
  return PetscSqrtReal(s);
}

static PetscErrorCode CheckSeparable(MPI_Comm comm, Surface *s)
{
  const PetscReal y1[NC] = {0.5, 1, 0.3, 0.2, 0.1, 0.05}, y2[NC] = {0, 0.2, 1, 0.1, 0.1, 0.1};
  const PetscReal *ys[2] = {y1, y2};
  DWNLModeResult r;
  PetscReal pi[NC];
  PetscErrorCode ierr;

  PetscFunctionBegin;
  s->separable = PETSC_TRUE;
  for (int k = 1; k < NC; k++) s->k[k] = k, s->a[k] = 0.5 + 0.5 * k;
  for (int c = 0; c < 2; c++) {
    const int k = c + 1;
    char what[128];
    PetscCall(SolveFrom(comm, s, ys[c], 200, &r, pi, &ierr));
    DWTestTrue(comm, "separable: solve succeeds and converges",
               !ierr && r.reason == DW_NLMODE_CONVERGED);
    PetscCall(PetscSNPrintf(what, sizeof(what), "separable: |pi - q_%d| (its %d)", k, (int)r.its));
    DWTestLE(comm, what, Distance(pi, s->Q[k]), 1e-9);
    DWTestLE(comm, "separable: |kappa - k_k|", PetscAbsReal(r.kappa - s->k[k]), 1e-9);
    DWTestLE(comm, "separable: |U3 - a_k|", PetscAbsReal(r.U3 - s->a[k]), 1e-9);
    DWTestLE(comm, "separable: |V3 - 2 k^3 / (3 a^2)| / V3",
             PetscAbsReal(r.V3 / (2 * PetscPowReal(s->k[k], 3) / (3 * s->a[k] * s->a[k])) - 1),
             1e-9);
    DWTestLE(comm, "separable: last change < rtol", r.change, 1e-10);
  }
  PetscCall(SolveFrom(comm, s, y1, 1, &r, pi, &ierr));
  DWTestTrue(comm, "-maxit 1: reported as DIVERGED_MAXIT after 1 iteration",
             !ierr && r.reason == DW_NLMODE_DIVERGED_MAXIT && r.its == 1);
  PetscFunctionReturn(0);
}

/* Case 2: pi* = K^+ d / |K^+ d| and V_3 = 2 / (3 g^2 (d.K^+ d)^3) from the eigenbasis. */
static PetscErrorCode CheckOneDirection(MPI_Comm comm, Surface *s)
{
  const PetscReal y[NC] = {0.1, 1, -0.5, 0.3, 0.2, 0.4};
  PetscReal Kd[NC]      = {0}, pi[NC], q, norm;
  DWNLModeResult r;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  s->separable = PETSC_FALSE;
  s->g         = 0.8;
  for (int i = 0; i < NC; i++) s->d[i] = s->Q[1][i] + s->Q[2][i] + s->Q[3][i] + s->Q[4][i];
  norm = PetscSqrtReal(Dot(s->d, s->d));
  for (int i = 0; i < NC; i++) s->d[i] /= norm;
  for (int k = 1; k < NC; k++)
    for (int i = 0; i < NC; i++) Kd[i] += Dot(s->Q[k], s->d) / s->k[k] * s->Q[k][i];
  q    = Dot(s->d, Kd);
  norm = PetscSqrtReal(Dot(Kd, Kd));
  for (int i = 0; i < NC; i++) Kd[i] /= norm;
  PetscCall(SolveFrom(comm, s, y, 200, &r, pi, &ierr));
  DWTestTrue(comm, "one cubic direction: converges", !ierr && r.reason == DW_NLMODE_CONVERGED);
  DWTestLE(comm, "one cubic direction: |pi - K^+ d / |K^+ d||", Distance(pi, Kd), 1e-9);
  DWTestLE(comm, "one cubic direction: |V3 - 2 / (3 g^2 (d.K^+ d)^3)| / V3",
           PetscAbsReal(r.V3 * 3 * s->g * s->g * q * q * q / 2 - 1), 1e-9);
  DWTestLE(comm, "one cubic direction: |kappa - pi*.K pi*|",
           PetscAbsReal(r.kappa - q / (norm * norm)), 1e-9);
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckHarmonic(MPI_Comm comm, Surface *s)
{
  const PetscReal y[NC] = {0, 1, -0.5, 0.3, 0.2, 0.4};
  PetscReal perp[NC]    = {0}, pi[NC];
  DWNLModeResult r;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  s->g = 0;
  PetscCall(SolveFrom(comm, s, y, 200, &r, pi, &ierr));
  DWTestTrue(comm, "g = 0 (harmonic): reason DIVERGED_HARMONIC, no iteration",
             !ierr && r.reason == DW_NLMODE_DIVERGED_HARMONIC && r.its == 0);
  s->g = 0.8;
  /* y orthogonal to d = (q_1 + q_2 + q_3 + q_4) / 2 */
  perp[1] = 1, perp[2] = -1, perp[5] = 0.7;
  PetscCall(SolveFrom(comm, s, perp, 200, &r, pi, &ierr));
  DWTestTrue(comm, "start orthogonal to the cubic direction: DIVERGED_HARMONIC",
             !ierr && r.reason == DW_NLMODE_DIVERGED_HARMONIC);
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckBadInput(MPI_Comm comm, Surface *s)
{
  const PetscReal zero[NC] = {0}, t[NC] = {3, 0, 0, 0, 0, 0}, y[NC] = {0, 1, 0.1, 0, 0, 0};
  PetscReal pi[NC];
  DWNLModeResult r;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  s->separable = PETSC_TRUE;
  PetscCall(SolveFrom(comm, s, zero, 200, &r, pi, &ierr));
  DWTestTrue(comm, "zero start field: an error", ierr != 0);
  PetscCall(SolveFrom(comm, s, t, 200, &r, pi, &ierr));
  DWTestTrue(comm, "start along the zero mode (translation): an error", ierr != 0);
  s->k[1] = -1;
  PetscCall(SolveFrom(comm, s, y, 200, &r, pi, &ierr));
  DWTestTrue(comm, "k_1 = -1 (not a minimum), start near q_1: DIVERGED_INDEFINITE",
             !ierr && r.reason == DW_NLMODE_DIVERGED_INDEFINITE);
  PetscFunctionReturn(0);
}

static PetscErrorCode Reflection(void *ctx, const PetscReal p[], PetscReal Upp[], PetscReal *Uppp)
{
  const PetscReal norm = PetscSqrtReal(p[0] * p[0] + p[1] * p[1]);

  PetscFunctionBegin;
  Upp[0] = norm * p[0], Upp[1] = -norm * p[1];
  *Uppp = norm * (p[0] * p[0] - p[1] * p[1]);
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckCycle(MPI_Comm comm)
{
  const PetscReal start[2] = {PetscCosReal(0.3), PetscSinReal(0.3)};
  DWNLMode m;
  DWNLModeResult r;
  Mat H;

  PetscFunctionBegin;
  PetscCall(MatCreateConstantDiagonal(comm, PETSC_DECIDE, PETSC_DECIDE, 2, 2, 1.0, &H));
  PetscCall(MatConvert(H, MATAIJ, MAT_INPLACE_MATRIX, &H));
  PetscCall(DWNLModeCreate(comm, &m));
  PetscCall(DWNLModeSetHessian(m, H, 0, NULL));
  PetscCall(DWNLModeSetThirdOrder(m, Reflection, NULL));
  PetscCall(DWNLModeSolve(m, start));
  PetscCall(DWNLModeGetResult(m, &r));
  DWTestTrue(comm, "reflection map: DIVERGED_CYCLE after 2 iterations",
             r.reason == DW_NLMODE_DIVERGED_CYCLE && r.its == 2);
  PetscCall(DWNLModeDestroy(&m));
  PetscCall(MatDestroy(&H));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  Surface s;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscMemzero(&s, sizeof(s)));
  MakeBasis(&s);
  PetscCall(CheckSeparable(comm, &s));
  PetscCall(CheckOneDirection(comm, &s));
  PetscCall(CheckHarmonic(comm, &s));
  PetscCall(CheckBadInput(comm, &s));
  PetscCall(CheckCycle(comm));
  int rc = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return rc;
}
