/* The inertia sinvert reads from its own MUMPS factor (DWModesGetFactorShift, DWModesCountBelow;
   src/modes/modesinertia.c) against the dense spectrum (issue 14). By Sylvester's law of
   inertia the LDL^T factor of H - sigma I has as many negative pivots as H has eigenvalues below
   sigma: an integer, so the comparison is exact, at shifts midway between two dense eigenvalues
   (the gaps there, >= 0.09 eps/sigma^2 here and printed, are far above the factor's rounding,
   ~1e-12 |H|).
   1. An IS of pss (N = 100) with its translations: after DWModesSetUp the method holds a factor
      (has = true) at its target sigma = -0.1 and counts 0 below it (a minimum); after the solve
      the same factor, refactorised at sigma_j = (lambda_{j-1} + lambda_j) / 2 for j = 1, 3, 10,
      20, 60, 200, counts 3 + j (the translations are 0 < sigma_j), and GetFactorShift reports
      sigma_j as the shift the factor now holds; one count back at -0.1 gives 0 again.
   2. The same Hessian shifted, H' = H - c I with c = (lambda_9 + lambda_10) / 2 + 0.1 and no
      zero modes declared: H' has the 3 translations at -c and 10 vibrational eigenvalues below
      -0.1, so sinvert's own factor at its target -0.1 must count 13, as dense's spectrum of H'
      does, before any solve.
   Run on 1 and 2 ranks (MUMPS in parallel: ICNTL(13) = 1 so the inertia covers the root). */
#include "testutil.h"
#include <dwell/modes.h>
#include "modes/modes_is.h"

static PetscErrorCode Create(MPI_Comm comm, DWModesType type, PetscInt k, Mat H, PetscInt nnull,
                             const PetscReal null[], DWModes *m)
{
  PetscFunctionBegin;
  PetscCall(DWModesCreate(comm, m));
  PetscCall(DWModesSetType(*m, type));
  PetscCall(DWModesSetNumModes(*m, k));
  PetscCall(DWModesSetHessian(*m, H, nnull, null));
  PetscFunctionReturn(0);
}

/* The dense eigenvalues of m below sigma. */
static PetscErrorCode DenseBelow(DWModes dense, PetscReal sigma, PetscInt *n)
{
  PetscInt k;

  PetscFunctionBegin;
  PetscCall(DWModesGetNumModes(dense, &k));
  *n = 0;
  for (PetscInt i = 0; i < k; i++) {
    PetscReal l;
    PetscCall(DWModesGetEigenvalue(dense, i, &l));
    *n += l < sigma;
  }
  PetscFunctionReturn(0);
}

/* Part 1: the IS, the solve's factor and its refactorisations. */
static PetscErrorCode CheckIS(MPI_Comm comm, Mat H, const PetscReal null[], DWModes dense)
{
  const PetscInt js[] = {1, 3, 10, 20, 60, 200};
  DWModes sinv;
  PetscBool has;
  PetscReal sigma, held;
  PetscInt count;
  char what[160];

  PetscFunctionBegin;
  PetscCall(Create(comm, DWMODES_SINVERT, 10, H, 3, null, &sinv));
  PetscCall(DWModesSetUp(sinv));
  PetscCall(DWModesGetFactorShift(sinv, &has, &sigma));
  DWTestTrue(comm, "sinvert holds an LDL^T factor after DWModesSetUp", has);
  DWTestTrue(comm, "its shift is the target -0.1", sigma == (PetscReal)-0.1);
  PetscCall(DWModesCountBelow(sinv, sigma, &count));
  DWTestTrue(comm, "its inertia at the target: 0 eigenvalues below -0.1 at the IS", count == 0);
  PetscCall(DWModesSolve(sinv));
  for (size_t i = 0; i < sizeof(js) / sizeof(js[0]); i++) {
    PetscReal a, b;
    PetscInt n;
    PetscCall(DWModesGetEigenvalue(dense, js[i] - 1, &a));
    PetscCall(DWModesGetEigenvalue(dense, js[i], &b));
    sigma = (a + b) / 2;
    PetscCall(DWModesCountBelow(sinv, sigma, &count));
    PetscCall(DWModesGetFactorShift(sinv, &has, &held));
    PetscCall(DenseBelow(dense, sigma, &n));
    PetscCall(PetscSNPrintf(what, sizeof(what),
                            "refactorised at %.6g (gap %.2e): %" PetscInt_FMT
                            " = 3 + %" PetscInt_FMT " dense eigenvalues below",
                            (double)sigma, (double)(b - a), count, n));
    DWTestTrue(comm, what, has && count == 3 + n && n == js[i]);
    DWTestTrue(comm, "GetFactorShift reports the shift the factor now holds", held == sigma);
  }
  PetscCall(DWModesCountBelow(sinv, -0.1, &count));
  DWTestTrue(comm, "back at -0.1: 0 below", count == 0);
  PetscCall(DWModesDestroy(&sinv));
  PetscFunctionReturn(0);
}

/* Part 2: H - c I, negative eigenvalues counted by the factor of the solve's setup. */
static PetscErrorCode CheckShifted(MPI_Comm comm, Mat H, DWModes dense_is)
{
  Mat Hs;
  DWModes dense, sinv;
  PetscReal a, b, c, sigma;
  PetscInt n, count, N3;
  PetscBool has;
  char what[160];

  PetscFunctionBegin;
  PetscCall(DWModesGetEigenvalue(dense_is, 9, &a));
  PetscCall(DWModesGetEigenvalue(dense_is, 10, &b));
  c = (a + b) / 2 + 0.1;
  PetscCall(MatDuplicate(H, MAT_COPY_VALUES, &Hs));
  PetscCall(MatShift(Hs, -c));
  PetscCall(MatGetSize(Hs, &N3, NULL));
  PetscCall(Create(comm, DWMODES_DENSE, N3, Hs, 0, NULL, &dense));
  PetscCall(DWModesSolve(dense));
  PetscCall(Create(comm, DWMODES_SINVERT, 10, Hs, 0, NULL, &sinv));
  PetscCall(DWModesSetUp(sinv));
  PetscCall(DWModesGetFactorShift(sinv, &has, &sigma));
  PetscCall(DWModesCountBelow(sinv, sigma, &count));
  PetscCall(DenseBelow(dense, sigma, &n));
  PetscCall(PetscSNPrintf(what, sizeof(what),
                          "H - %.4g I: the factor at %g counts %" PetscInt_FMT
                          ", dense %" PetscInt_FMT ", expected 13",
                          (double)c, (double)sigma, count, n));
  DWTestTrue(comm, what, has && count == n && n == 13);
  PetscCall(DWModesDestroy(&sinv));
  PetscCall(DWModesDestroy(&dense));
  PetscCall(MatDestroy(&Hs));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  PetscInt N = 100;
  DWSystem sys;
  Mat H;
  PetscReal *null;
  DWModes dense;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(MakeIS(comm, "pss", N, 1, &sys, &H, &null));
  PetscCall(Create(comm, DWMODES_DENSE, 3 * N - 3, H, 3, null, &dense));
  PetscCall(DWModesSolve(dense));
  PetscCall(CheckIS(comm, H, null, dense));
  PetscCall(CheckShifted(comm, H, dense));
  PetscCall(DWModesDestroy(&dense));
  PetscCall(DestroyIS(&sys, &H, &null));
  int rc = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return rc;
}
