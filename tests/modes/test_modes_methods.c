/* The lowest modes of one inherent structure by the three methods of DWModes (issue 14):
   sinvert and lobpcg against dense (LAPACK, every eigenpair), each instance configured by
   its own options prefix (-sinv_, -lob_, -dense_: the ctest sets -dense_type dense and
   -lob_type lobpcg; sinvert is the default). Eigenvalues must agree to 1e-8 relative:
   both iterative methods stop at a relative residual r <= 1e-10 |lambda|, which bounds the
   eigenvalue error by r^2 / gap (~1e-18 relative), so 1e-8 leaves room for rounding in H
   (|H| eps_mach ~ 1e-14). Eigenvectors up to sign to 1e-6 (2-norm of the difference): the
   error is ~ r / gap <= 1e-10 lambda / gap, below 1e-7 for modes separated from both
   neighbours by a relative gap of 1e-3 or more; closer pairs (a near-degenerate pair of a
   glass may rotate within its plane) are compared by the projection of the iterative
   vector on the pair's dense subspace, 1 - |P e|^2 <= 1e-6. P_k must agree to 1e-6
   relative (P_k depends on e only through |e_i|^4). */
#include "testutil.h"
#include <dwell/modes.h>
#include "modes/modes_is.h"

static PetscErrorCode SolveWith(MPI_Comm comm, const char prefix[], DWModesType type, Mat H,
                                const PetscReal null[], PetscInt k, DWModes *m)
{
  DWModesType got;
  PetscBool same;
  char what[96];

  PetscFunctionBegin;
  PetscCall(DWModesCreate(comm, m));
  PetscCall(DWModesSetOptionsPrefix(*m, prefix));
  PetscCall(DWModesSetNumModes(*m, k));
  PetscCall(DWModesSetFromOptions(*m));
  PetscCall(DWModesGetType(*m, &got));
  PetscCall(PetscStrcmp(got, type, &same));
  PetscCall(PetscSNPrintf(what, sizeof(what), "-%stype chose %s (options under the prefix)", prefix,
                          got));
  DWTestTrue(comm, what, same);
  PetscCall(DWModesSetHessian(*m, H, 3, null));
  PetscCall(DWModesSolve(*m));
  PetscFunctionReturn(0);
}

/* 1 - |projection of e on the dense modes lo..hi-1|^2. */
static PetscErrorCode Misfit(DWModes dense, PetscInt lo, PetscInt hi, Vec e, Vec w, PetscReal *mis)
{
  PetscReal p2 = 0;

  PetscFunctionBegin;
  for (PetscInt j = lo; j < hi; j++) {
    PetscScalar d;
    PetscCall(DWModesGetMode(dense, j, w));
    PetscCall(VecDot(e, w, &d));
    p2 += PetscRealPart(d) * PetscRealPart(d);
  }
  *mis = 1 - p2;
  PetscFunctionReturn(0);
}

/* The worst eigenvalue, eigenvector and P_k errors of the k modes of m against dense. */
static PetscErrorCode Compare(MPI_Comm comm, const char name[], DWModes m, DWModes dense,
                              PetscInt k)
{
  Mat H;
  Vec e, w;
  PetscReal elam = 0, evec = 0, epair = 0, eP = 0;
  PetscInt ncmp = 0, npair = 0;
  char what[128];

  PetscFunctionBegin;
  PetscCall(DWModesGetHessian(m, &H));
  PetscCall(MatCreateVecs(H, &e, &w));
  for (PetscInt i = 0; i < k; i++) {
    DWModeInfo a, b, lo, hi;
    PetscCall(DWModesGetModeInfo(m, i, &a));
    PetscCall(DWModesGetModeInfo(dense, i, &b));
    PetscCall(DWModesGetModeInfo(dense, PetscMax(i - 1, 0), &lo));
    PetscCall(DWModesGetModeInfo(dense, i + 1, &hi));
    elam = PetscMax(elam, PetscAbsReal(a.lambda - b.lambda) / PetscAbsReal(b.lambda));
    PetscCall(DWModesGetMode(m, i, e));
    const PetscBool sepl = (PetscBool)(i == 0 || b.lambda - lo.lambda >= 1e-3 * b.lambda);
    const PetscBool seph = (PetscBool)(hi.lambda - b.lambda >= 1e-3 * b.lambda);
    if (sepl && seph) {
      PetscScalar d;
      PetscReal nrm;
      PetscCall(DWModesGetMode(dense, i, w));
      PetscCall(VecDot(e, w, &d));
      PetscCall(VecAXPY(w, PetscRealPart(d) < 0 ? 1 : -1, e));
      PetscCall(VecNorm(w, NORM_2, &nrm));
      evec = PetscMax(evec, nrm);
      eP   = PetscMax(eP, PetscAbsReal(a.P - b.P) / b.P);
      ncmp++;
    } else {
      PetscReal mis = 1;
      PetscCall(Misfit(dense, sepl ? i : i - 1, seph ? i + 1 : i + 2, e, w, &mis));
      epair = PetscMax(epair, mis);
      npair++;
    }
  }
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: eigenvalues, max relative error", name));
  DWTestLE(comm, what, elam, 1e-8);
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: %" PetscInt_FMT " isolated eigenvectors (+-)",
                          name, ncmp));
  DWTestLE(comm, what, evec, 1e-6);
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: P_k of those, max relative error", name));
  DWTestLE(comm, what, eP, 1e-6);
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: %" PetscInt_FMT " in close pairs, 1-|Pe|^2",
                          name, npair));
  DWTestLE(comm, what, epair, 1e-6);
  DWTestTrue(comm, "most modes are isolated (a real eigenvector comparison)", ncmp >= k / 2);
  PetscCall(VecDestroy(&e));
  PetscCall(VecDestroy(&w));
  PetscFunctionReturn(0);
}

/* Sylvester's inertia of H - sigma I (DWModesCountBelow) against the dense spectrum: 0 below
   -1e-6, and 3 + j below the midpoint of dense eigenvalues j - 1 and j. */
static PetscErrorCode CheckCount(MPI_Comm comm, DWModes dense, PetscInt k)
{
  PetscInt c0, cj, j = k / 2;
  PetscReal a, b;

  PetscFunctionBegin;
  PetscCall(DWModesCountBelow(dense, -1e-6, &c0));
  PetscCall(DWModesGetEigenvalue(dense, j - 1, &a));
  PetscCall(DWModesGetEigenvalue(dense, j, &b));
  PetscCall(DWModesCountBelow(dense, (a + b) / 2, &cj));
  PetscCall(PetscPrintf(comm,
                        "inertia: %" PetscInt_FMT " below -1e-6, %" PetscInt_FMT " below %g\n", c0,
                        cj, (a + b) / 2));
  DWTestTrue(comm, "LDL^T inertia: no eigenvalue below -1e-6 at the IS", c0 == 0);
  DWTestTrue(comm, "LDL^T inertia: 3 translations + j dense modes below (l_j-1 + l_j)/2",
             cj == 3 + j);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  char model[32] = "pss";
  PetscInt N = 400, seed = 1, k = 20;
  DWSystem sys;
  Mat H;
  PetscReal *null;
  DWModes dense, sinv, lob;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-model", model, sizeof(model), NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-N", &N, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-seed", &seed, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-k", &k, NULL));
  PetscCall(MakeIS(comm, model, N, seed, &sys, &H, &null));
  PetscCall(SolveWith(comm, "dense_", DWMODES_DENSE, H, null, k + 1, &dense));
  PetscCall(SolveWith(comm, "sinv_", DWMODES_SINVERT, H, null, k, &sinv));
  PetscCall(SolveWith(comm, "lob_", DWMODES_LOBPCG, H, null, k, &lob));
  PetscCall(CheckCount(comm, dense, k));
  PetscCall(Compare(comm, "sinvert", sinv, dense, k));
  PetscCall(Compare(comm, "lobpcg", lob, dense, k));
  PetscCall(DWModesDestroy(&lob));
  PetscCall(DWModesDestroy(&sinv));
  PetscCall(DWModesDestroy(&dense));
  PetscCall(MatDestroy(&H));
  PetscCall(PetscFree(null));
  PetscCall(DWSystemDestroy(&sys));
  int rc = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return rc;
}
