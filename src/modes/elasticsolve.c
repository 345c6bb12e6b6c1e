/* The Born term and the non-affine correction of the zero-temperature elastic constants
   (include/dwell/elastic.h; Lutsko, J. Appl. Phys. 65, 2991 (1989); Lemaitre and Maloney,
   J. Stat. Phys. 123, 415 (2006), eq. 16):
     C_abcd = C^Born_abcd - Xi_ab . H^+ Xi_cd / V,
   with the strain derivatives of the pair sums (src/potential/strain.c) and six CG solves
   H u_ab = Xi_ab on the complement of the translations (src/modes/hessianksp.c). The
   non-affine displacement of a strain eta is u = -H^+ Xi eta: minimising
   U(eta, x0 + u) = U0 + S.eta + eta.B.eta / 2 + eta.Xi.u + u.H.u / 2 over u gives the
   correction -eta.Xi.H^+.Xi.eta / 2. Xi sums to zero over the particles (no net force), so it
   lies in the complement; the null space is removed from it and from every solution anyway. */
#include "modes/elasticimpl.h"
#include "modes/modesimpl.h"

/* Xi_al (row al of the 6 x 3N array, replicated) into the distributed b. */
static PetscErrorCode FillRow(Vec b, const PetscReal row[])
{
  PetscScalar *a;
  PetscInt lo, hi;

  PetscFunctionBegin;
  PetscCall(VecGetOwnershipRange(b, &lo, &hi));
  PetscCall(VecGetArray(b, &a));
  for (PetscInt i = lo; i < hi; i++) a[i - lo] = row[i];
  PetscCall(VecRestoreArray(b, &a));
  PetscFunctionReturn(0);
}

/* u = H^+ b; errors when CG fails (negative curvature: not a minimum). */
static PetscErrorCode Solve(DWElastic e, MatNullSpace ns, Vec b, Vec u)
{
  KSPConvergedReason kr;
  PetscInt its;

  PetscFunctionBegin;
  PetscCall(MatNullSpaceRemove(ns, b));
  PetscCall(KSPSolve(e->ksp, b, u));
  PetscCall(KSPGetConvergedReason(e->ksp, &kr));
  PetscCall(KSPGetIterationNumber(e->ksp, &its));
  e->res.ksp_its += its;
  PetscCheck(kr > 0, e->comm, PETSC_ERR_NOT_CONVERGED,
             "elastic: the CG solve H u = Xi failed (%s after %" PetscInt_FMT " iterations)%s",
             KSPConvergedReasons[kr], its,
             kr == KSP_DIVERGED_INDEFINITE_MAT || kr == KSP_DIVERGED_INDEFINITE_PC
                 ? ": the Hessian is not positive on the complement of the translations (not a "
                   "minimum)"
                 : "; see -elastic_ksp_monitor");
  PetscCall(MatNullSpaceRemove(ns, u));
  PetscFunctionReturn(0);
}

/* C_na = Xi . H^+ Xi / V (6 x 6) from the Hessian H. */
static PetscErrorCode NonAffine(DWElastic e, Mat H, const PetscReal Xi[], PetscInt n, PetscReal V,
                                PetscReal Cna[36])
{
  PetscReal *null;
  Mat A;
  MatNullSpace ns;
  Vec b[6], u;

  PetscFunctionBegin;
  PetscCall(DWTranslationModes(n / 3, &null));
  PetscCall(DWHessianKSPSetOperators(e->ksp, H, 3, null, &A, &ns));
  PetscCall(PetscFree(null));
  PetscCall(MatCreateVecs(H, &u, NULL));
  for (int al = 0; al < 6; al++) {
    PetscCall(VecDuplicate(u, &b[al]));
    PetscCall(FillRow(b[al], Xi + al * n));
  }
  for (int al = 0; al < 6; al++) {
    PetscScalar dots[6];
    PetscCall(Solve(e, ns, b[al], u));
    PetscCall(VecMDot(u, 6, b, dots));
    for (int be = 0; be < 6; be++) Cna[6 * al + be] = PetscRealPart(dots[be]) / V;
  }
  for (int al = 0; al < 6; al++) /* symmetric up to the solves' tolerance: its mean */
    for (int be = 0; be < al; be++)
      Cna[6 * al + be] = Cna[6 * be + al] = (Cna[6 * al + be] + Cna[6 * be + al]) / 2;
  for (int al = 0; al < 6; al++) PetscCall(VecDestroy(&b[al]));
  PetscCall(VecDestroy(&u));
  PetscCall(MatNullSpaceDestroy(&ns));
  PetscCall(MatDestroy(&A));
  PetscFunctionReturn(0);
}

PetscErrorCode DWElasticSolveMatrix(DWElastic e)
{
  DWElasticResult *r = &e->res;
  PetscReal S[6], B[36], Cna[36], *Xi;
  PetscInt N;
  Mat H;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(r, sizeof(*r)));
  PetscCall(DWSystemGetSize(e->sys, &N));
  PetscCall(DWSystemGetVolume(e->sys, &r->V));
  r->N = N;
  PetscCall(PetscMalloc1(18 * N, &Xi));
  PetscCall(DWPotentialComputeStrainDerivatives(e->pot, e->sys, e->nl, S, B, Xi));
  PetscCall(DWPotentialCreateHessian(e->pot, e->sys, e->nl, &H));
  PetscCall(NonAffine(e, H, Xi, 3 * N, r->V, Cna));
  for (int al = 0; al < 6; al++) r->sigma[al] = S[al] / r->V;
  for (int k = 0; k < 36; k++) {
    r->C_born[k] = B[k] / r->V;
    r->C[k]      = r->C_born[k] - Cna[k];
  }
  PetscCall(MatDestroy(&H));
  PetscCall(PetscFree(Xi));
  PetscFunctionReturn(0);
}
