/* Overlaps of displacement fields with normal modes ([PRM21] eqs. 7 and 8; DWModesOverlap),
   on every mode of a pss inherent structure (N = 100, -modes_type dense: all 3N - 3 modes,
   orthonormal to rounding, |e_j . e_k - delta_jk| ~ 1e-14):
   1. a field equal to mode j (j = 0, 1, 10, the last): c = a = 1 and the best mode is j, to
      1e-12 (rounding of sums of 300 unit-size terms); the other c_k vanish, so
      sum_k c_k^2 = 1 to 1e-12;
   2. a random field r and -3.7 r: every c_k and a_k equal to 1e-13 relative (eqs. 7, 8 are
      invariant under scale and sign), and 0 <= c_k <= a_k <= 1 (|r.v| <= sum_i |r_i||v_i|,
      Cauchy-Schwarz); with all modes, sum_k c_k^2 = 1 - (translation part of r)^2 / |r|^2,
      computed independently, to 1e-12;
   3. r = 2 (0.6 e_i + 0.8 e_j): c_i = 0.6, c_j = 0.8, every other c_k below 1e-12, c = 0.8 at
      mode j, and a_i, a_j equal to eq. 8 evaluated here directly on the gathered vectors
      (serial sums, independent of the distributed ones) to 1e-12;
   4. a rigid translation: every c_k below 1e-10 (the modes are orthogonal to the deflated
      translations to the eigensolver's accuracy).
   Runs on 1 and 2 ranks (the modes are distributed, the fields replicated). */
#include "testutil.h"
#include <dwell/modes.h>
#include "modes/modes_is.h"

/* Mode j gathered on every rank (n reals). */
static PetscErrorCode GatherMode(DWModes m, PetscInt j, Vec e, PetscReal v[])
{
  VecScatter sc;
  Vec all;
  const PetscScalar *a;
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(DWModesGetMode(m, j, e));
  PetscCall(VecScatterCreateToAll(e, &sc, &all));
  PetscCall(VecScatterBegin(sc, e, all, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(sc, e, all, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecGetSize(all, &n));
  PetscCall(VecGetArrayRead(all, &a));
  for (PetscInt i = 0; i < n; i++) v[i] = PetscRealPart(a[i]);
  PetscCall(VecRestoreArrayRead(all, &a));
  PetscCall(VecScatterDestroy(&sc));
  PetscCall(VecDestroy(&all));
  PetscFunctionReturn(0);
}

/* Eq. 8 directly: sum_i |r_i||v_i| / sqrt(sum |r_i|^2 sum |v_i|^2). */
static PetscReal EqEight(PetscInt N, const PetscReal r[], const PetscReal v[])
{
  PetscReal num = 0, r2 = 0, v2 = 0;
  for (PetscInt i = 0; i < N; i++) {
    const PetscReal *ri = r + 3 * i, *vi = v + 3 * i;
    const PetscReal a = ri[0] * ri[0] + ri[1] * ri[1] + ri[2] * ri[2];
    const PetscReal b = vi[0] * vi[0] + vi[1] * vi[1] + vi[2] * vi[2];
    num += PetscSqrtReal(a * b);
    r2 += a, v2 += b;
  }
  return num / PetscSqrtReal(r2 * v2);
}

static PetscErrorCode CheckModeFields(MPI_Comm comm, DWModes m, PetscInt n, Vec e, PetscReal v[])
{
  const PetscInt K = n - 3, js[4] = {0, 1, 10, K - 1};
  PetscReal worst = 0, sum = 0;
  PetscBool idx = PETSC_TRUE;

  PetscFunctionBegin;
  for (int t = 0; t < 4; t++) {
    DWModesOverlapResult r;
    PetscCall(GatherMode(m, js[t], e, v));
    PetscCall(DWModesOverlap(m, v, NULL, NULL, &r));
    worst = PetscMax(worst, PetscMax(PetscAbsReal(r.c - 1), PetscAbsReal(r.a - 1)));
    sum   = PetscMax(sum, PetscAbsReal(r.c2sum - 1));
    idx   = (PetscBool)(idx && r.kc == js[t] && r.ka == js[t]);
  }
  DWTestLE(comm, "field = mode j: |c - 1|, |a - 1| (j = 0, 1, 10, 3N-4)", worst, 1e-12);
  DWTestLE(comm, "field = mode j: |sum_k c_k^2 - 1|", sum, 1e-12);
  DWTestTrue(comm, "field = mode j: the mode of largest c and of largest a is j", idx);
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckRandomField(MPI_Comm comm, DWModes m, PetscInt n, PetscReal r[])
{
  const PetscInt K = n - 3, N = n / 3;
  PetscReal *c1, *a1, *c2, *a2, *rs, dc = 0, bound = 0, t2 = 0, r2 = 0;
  DWModesOverlapResult R1, R2;
  PetscRandom rnd;

  PetscFunctionBegin;
  PetscCall(PetscRandomCreate(PETSC_COMM_SELF, &rnd));
  PetscCall(PetscRandomSetSeed(rnd, 7));
  PetscCall(PetscRandomSeed(rnd));
  PetscCall(PetscMalloc5(K, &c1, K, &a1, K, &c2, K, &a2, n, &rs));
  for (PetscInt i = 0; i < n; i++) PetscCall(PetscRandomGetValueReal(rnd, &r[i]));
  for (PetscInt i = 0; i < n; i++) rs[i] = -3.7 * r[i];
  PetscCall(DWModesOverlap(m, r, c1, a1, &R1));
  PetscCall(DWModesOverlap(m, rs, c2, a2, &R2));
  for (PetscInt k = 0; k < K; k++) {
    dc    = PetscMax(dc, PetscMax(PetscAbsReal(c1[k] - c2[k]), PetscAbsReal(a1[k] - a2[k])));
    bound = PetscMax(bound, PetscMax(PetscMax(-c1[k], c1[k] - a1[k]), a1[k] - 1));
  }
  for (PetscInt c = 0; c < 3; c++) {
    PetscReal s = 0;
    for (PetscInt i = 0; i < N; i++) s += r[3 * i + c];
    t2 += s * s / N;
  }
  for (PetscInt i = 0; i < n; i++) r2 += r[i] * r[i];
  DWTestLE(comm, "r and -3.7 r: max |c_k - c_k'|, |a_k - a_k'|", dc, 1e-13);
  DWTestTrue(comm, "r and -3.7 r: same best modes", R1.kc == R2.kc && R1.ka == R2.ka);
  DWTestLE(comm, "0 <= c_k <= a_k <= 1: largest violation", bound, 1e-14);
  DWTestLE(comm, "sum_k c_k^2 = 1 - |translation part|^2 / |r|^2",
           PetscAbsReal(R1.c2sum - (1 - t2 / r2)), 1e-12);
  PetscCall(PetscFree5(c1, a1, c2, a2, rs));
  PetscCall(PetscRandomDestroy(&rnd));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckTwoModes(MPI_Comm comm, DWModes m, PetscInt n, Vec e, PetscReal r[])
{
  const PetscInt K = n - 3, i = 2, j = 5;
  PetscReal *vi, *vj, *ck, *ak, other = 0;
  DWModesOverlapResult R;

  PetscFunctionBegin;
  PetscCall(PetscMalloc4(n, &vi, n, &vj, K, &ck, K, &ak));
  PetscCall(GatherMode(m, i, e, vi));
  PetscCall(GatherMode(m, j, e, vj));
  for (PetscInt p = 0; p < n; p++) r[p] = 2 * (0.6 * vi[p] + 0.8 * vj[p]);
  PetscCall(DWModesOverlap(m, r, ck, ak, &R));
  for (PetscInt k = 0; k < K; k++)
    if (k != i && k != j) other = PetscMax(other, ck[k]);
  DWTestLE(comm, "r = 2 (0.6 e_2 + 0.8 e_5): |c_2 - 0.6|", PetscAbsReal(ck[i] - 0.6), 1e-12);
  DWTestLE(comm, "r = 2 (0.6 e_2 + 0.8 e_5): |c_5 - 0.8|", PetscAbsReal(ck[j] - 0.8), 1e-12);
  DWTestLE(comm, "r = 2 (0.6 e_2 + 0.8 e_5): largest other c_k", other, 1e-12);
  DWTestTrue(comm, "r = 2 (0.6 e_2 + 0.8 e_5): c = c_5, best mode 5", R.kc == j && R.c == ck[j]);
  DWTestLE(comm, "r = 2 (0.6 e_2 + 0.8 e_5): a_2 - eq. 8 evaluated serially",
           PetscAbsReal(ak[i] - EqEight(n / 3, r, vi)), 1e-12);
  DWTestLE(comm, "r = 2 (0.6 e_2 + 0.8 e_5): a_5 - eq. 8 evaluated serially",
           PetscAbsReal(ak[j] - EqEight(n / 3, r, vj)), 1e-12);
  PetscCall(PetscFree4(vi, vj, ck, ak));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckTranslation(MPI_Comm comm, DWModes m, PetscInt n, PetscReal r[])
{
  DWModesOverlapResult R;

  PetscFunctionBegin;
  for (PetscInt p = 0; p < n; p++) r[p] = (p % 3 == 1) ? 0.3 : 0;
  PetscCall(DWModesOverlap(m, r, NULL, NULL, &R));
  DWTestLE(comm, "rigid translation: largest c_k", R.c, 1e-10);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  DWSystem sys;
  DWModes m;
  Mat H;
  Vec e;
  PetscReal *null, *v;
  PetscInt n;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(MakeIS(comm, "pss", 100, 3, &sys, &H, &null));
  PetscCall(MatGetSize(H, &n, NULL));
  PetscCall(DWModesCreate(comm, &m));
  PetscCall(DWModesSetType(m, DWMODES_DENSE));
  PetscCall(DWModesSetNumModes(m, n - 3));
  PetscCall(DWModesSetHessian(m, H, 3, null));
  PetscCall(DWModesSolve(m));
  PetscCall(MatCreateVecs(H, &e, NULL));
  PetscCall(PetscMalloc1(n, &v));
  PetscCall(CheckModeFields(comm, m, n, e, v));
  PetscCall(CheckRandomField(comm, m, n, v));
  PetscCall(CheckTwoModes(comm, m, n, e, v));
  PetscCall(CheckTranslation(comm, m, n, v));
  PetscCall(PetscFree(v));
  PetscCall(VecDestroy(&e));
  PetscCall(DWModesDestroy(&m));
  PetscCall(MatDestroy(&H));
  PetscCall(PetscFree(null));
  PetscCall(DWSystemDestroy(&sys));
  int rc = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return rc;
}
