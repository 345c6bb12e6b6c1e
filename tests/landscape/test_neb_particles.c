/* Minimum energy paths on particles (-model, default ka2, smooth at rc; N = 256): a pair of
   neighbouring IS found by a short exploration (neb_pair.h), solved by CI-NEB and by the
   string method with 16 images. Checks, for every double well found:
     - the band converged (|F_perp|_inf, |F_climb|_inf <= ftol = 1e-4 eps/sigma);
     - the climbing image is a first-order saddle: SLEPc (Krylov-Schur, smallest real, the
       three translations deflated) finds exactly one negative Hessian eigenvalue (below
       -1e-6 eps/sigma^2) and |grad V|_inf <= 1e-3 (the climbing force has the length of
       the gradient, |grad V|_2 = |F_c|_2, so the inf-norms differ by a factor of a few);
     - omega_TS^2 (path spline at the saddle) equals |lambda_1| to 5%: the spline's V'' is
       O(h^2) accurate, h = d / (M - 1) (measured 0.4-0.7% with 16-24 images). This holds
       for models smooth at rc; for ka, whose force jumps at rc, V(s) has kinks and the two
       differ (see include/dwell/dw.h);
     - the record is consistent: 1 <= PR <= N, 1 <= PR_c <= 3N, PR <= PR_c <= 3 PR,
       d >= |r_AB|, d_sqrtPR = d / sqrt(PR), V_b = V_a - dV / 2;
   and the string method finds the same double wells (same IS energies to 1e-8) with the
   same V_a to 1e-6 eps (both climb onto the saddle; the energy error of a climbing image
   converged to |F| <= ftol is ~ |F|^2 / |lambda| ~ 1e-8; measured 4e-10). */
#include "testutil.h"
#include "neb_pair.h"
#include <dwell/neb.h>

static void CheckRecord(MPI_Comm comm, PetscInt N, const DWDoubleWell *dw, PetscInt k)
{
  char what[160];
  const PetscReal l1 = dw->saddle_lambda[0];

  snprintf(what, sizeof(what), "DW %d: converged, saddle of index 1 (lambda_1 %.4g, lambda_2 %.4g)",
           (int)k, (double)l1, (double)dw->saddle_lambda[1]);
  DWTestTrue(comm, what, dw->converged && dw->saddle_first_order && dw->saddle_nneg == 1);
  snprintf(what, sizeof(what), "DW %d: |grad V|_inf at the climbing image", (int)k);
  DWTestLE(comm, what, dw->saddle_grad, 1e-3);
  snprintf(what, sizeof(what), "DW %d: |omega_TS^2 - |lambda_1|| / |lambda_1|", (int)k);
  DWTestLE(comm, what,
           PetscAbsReal(dw->omega_TS * dw->omega_TS - PetscAbsReal(l1)) / PetscAbsReal(l1), 0.05);
  snprintf(what, sizeof(what), "DW %d: PR %.2f, PR_c %.2f, d %.4f >= |r_AB| %.4f, d/sqrt(PR), V_b",
           (int)k, (double)dw->PR, (double)dw->PR_c, (double)dw->d, (double)dw->r_AB);
  DWTestTrue(comm, what,
             dw->PR >= 1 && dw->PR <= N && dw->PR_c >= 1 && dw->PR_c <= 3 * N &&
                 dw->PR <= dw->PR_c * (1 + 1e-12) && dw->PR_c <= 3 * dw->PR * (1 + 1e-12) &&
                 dw->d >= dw->r_AB &&
                 PetscAbsReal(dw->d_sqrtPR - dw->d / PetscSqrtReal(dw->PR)) < 1e-12 &&
                 PetscAbsReal(dw->V_b - dw->V_a + dw->dV / 2) < 1e-12);
}

/* Solves a-b with one method; copies the records out. */
static PetscErrorCode Solve(DWSurface s, DWNEBType type, const PetscReal *xa, const PetscReal *xb,
                            PetscInt *n, DWDoubleWell **out)
{
  DWNEB neb;
  DWNEBResult res;
  DWDoubleWell *rec;
  MPI_Comm comm;
  PetscLogDouble t0, t1;

  PetscFunctionBegin;
  PetscCall(DWSurfaceGetComm(s, &comm));
  PetscCall(DWNEBCreate(comm, &neb));
  PetscCall(DWNEBSetType(neb, type));
  PetscCall(DWNEBSetTolerances(neb, 1e-4, 1e-3, 20000));
  PetscCall(DWNEBSetImages(neb, 16));
  PetscCall(DWNEBSetFromOptions(neb));
  PetscCall(DWNEBSetSurface(neb, s));
  PetscCall(PetscTime(&t0));
  PetscCall(DWNEBSolve(neb, xa, xb, &res));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscPrintf(comm,
                        "     %s: %s, %" PetscInt_FMT " DW, %" PetscInt_FMT
                        " splits, %" PetscInt_FMT " iterations, %" PetscInt_FMT
                        " evaluations (%" PetscInt_FMT " in minimisations), %.2f s\n",
                        type, DWNEBReasonName(res.reason), res.nrecords, res.nsplits,
                        res.iterations, res.force_evaluations, res.endpoint_evaluations, t1 - t0));
  DWTestTrue(comm, "solve converged with at least one double well",
             res.reason == DW_NEB_CONVERGED && res.nrecords >= 1);
  PetscCall(DWNEBGetRecords(neb, n, &rec));
  PetscCall(PetscMalloc1(*n, out));
  for (PetscInt k = 0; k < *n; k++) {
    PetscCall(DWDoubleWellCopy(&rec[k], &(*out)[k]));
    PetscCall(DWDoubleWellCheckSaddle(s, &(*out)[k], 1e-3, 1e-6));
    PetscCall(PetscPrintf(comm,
                          "     %s DW %" PetscInt_FMT
                          ": E_a %.10f, dV %.3e, V_a %.6e, V_b %.6e eps, d %.4f sigma, PR %.2f, "
                          "omega 1/2/TS %.4f %.4f %.4f, saddle lambda %.5f %.5f\n",
                          type, k, (double)(*out)[k].E_a, (double)(*out)[k].dV,
                          (double)(*out)[k].V_a, (double)(*out)[k].V_b, (double)(*out)[k].d,
                          (double)(*out)[k].PR, (double)(*out)[k].omega_1,
                          (double)(*out)[k].omega_2, (double)(*out)[k].omega_TS,
                          (double)(*out)[k].saddle_lambda[0], (double)(*out)[k].saddle_lambda[1]));
  }
  PetscCall(DWNEBDestroy(&neb));
  PetscFunctionReturn(0);
}

/* The string's records match the CI ones (same IS energies, same V_a). */
static void Compare(MPI_Comm comm, PetscInt nci, const DWDoubleWell *ci, PetscInt nst,
                    const DWDoubleWell *st)
{
  char what[128];
  DWTestTrue(comm, "string and CI-NEB find the same number of double wells", nci == nst);
  for (PetscInt k = 0; k < nci; k++) {
    PetscInt match = -1;
    for (PetscInt j = 0; j < nst; j++)
      if (PetscAbsReal(st[j].E_a - ci[k].E_a) < 1e-8 && PetscAbsReal(st[j].E_b - ci[k].E_b) < 1e-8)
        match = j;
    snprintf(what, sizeof(what), "DW %d: the string finds the same pair of IS", (int)k);
    DWTestTrue(comm, what, match >= 0);
    if (match < 0) continue;
    snprintf(what, sizeof(what), "DW %d: |V_a(ci) - V_a(string)| (eps)", (int)k);
    DWTestLE(comm, what, PetscAbsReal(ci[k].V_a - st[match].V_a), 1e-6);
  }
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  DWPotential pot;
  DWSystem a, b;
  DWMinimizer min;
  DWSurface s;
  DWDoubleWell *ci, *st;
  PetscInt N = 256, seed = 3, nci, nst;
  char model[32] = "ka2";
  PetscReal *xa, *xb;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-model", model, sizeof(model), NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-N", &N, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-seed", &seed, NULL));
  PetscCall(NEBTestMakePair(comm, model, N, seed, &pot, &a, &b));
  PetscCall(DWMinimizerCreate(comm, &min));
  PetscCall(DWMinimizerSetFromOptions(min));
  PetscCall(DWSurfaceCreateParticles(a, pot, min, &s));
  PetscCall(DWSystemGetPositions(a, &xa));
  PetscCall(DWSystemGetPositions(b, &xb));
  PetscCall(Solve(s, DWNEB_CI, xa, xb, &nci, &ci));
  for (PetscInt k = 0; k < nci; k++) CheckRecord(comm, N, &ci[k], k);
  PetscCall(Solve(s, DWNEB_STRING, xa, xb, &nst, &st));
  Compare(comm, nci, ci, nst, st);
  for (PetscInt k = 0; k < nci; k++) PetscCall(DWDoubleWellReset(&ci[k]));
  for (PetscInt k = 0; k < nst; k++) PetscCall(DWDoubleWellReset(&st[k]));
  PetscCall(PetscFree(ci));
  PetscCall(PetscFree(st));
  PetscCall(DWSurfaceDestroy(&s));
  PetscCall(DWMinimizerDestroy(&min));
  PetscCall(DWSystemDestroy(&a));
  PetscCall(DWSystemDestroy(&b));
  PetscCall(DWPotentialDestroy(&pot));
  int status = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return status;
}
