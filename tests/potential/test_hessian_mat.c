/* The Hessian as a distributed PETSc Mat (block size 3, rows split over the ranks) equals
   the dense Hessian: H v computed by MatMult matches the dense product for a random v to
   rounding (1e-13 relative; both sum the same block products in different order), the
   Mat is symmetric (MatIsSymmetric at 1e-13), and the three translations are in its null
   space. Run on 1 and 2 ranks; every rank holds the same replicated configuration. */
#include "testutil.h"

int main(int argc, char **argv)
{
  MPI_Comm           comm;
  DWPotential        pot;
  DWSystem           sys;
  DWNeighborList     nl;
  Mat                H;
  Vec                v, Hv;
  PetscReal         *Hd, *ref, *vfull, hvmax = 0, err = 0, tmax = 0;
  const PetscScalar *a;
  PetscInt           N, n, rstart, rend, bs;
  PetscBool          symmetric;
  DWRng              rng;
  char               model[32] = "ka2";

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-model", model, sizeof(model), NULL));
  PetscCall(DWTestRandomSystem(comm, model, 500, 4, &pot, &sys));
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWSystemGetSize(sys, &N));
  n = 3 * N;
  PetscCall(DWPotentialCreateHessian(pot, sys, nl, &H));
  PetscCall(MatGetBlockSize(H, &bs));
  DWTestTrue(comm, "block size 3", bs == 3);
  PetscCall(MatIsSymmetric(H, 1e-13, &symmetric));
  DWTestTrue(comm, "Mat symmetric to 1e-13", symmetric);
  PetscCall(PetscMalloc3(n * n, &Hd, n, &ref, n, &vfull));
  PetscCall(DWPotentialComputeHessianDense(pot, sys, nl, Hd));
  DWRngInit(&rng, 5, DW_STAGE_TEST, 0, 0);
  for (PetscInt k = 0; k < n; k++) vfull[k] = DWRngNormal(&rng);
  PetscCall(MatCreateVecs(H, &v, &Hv));
  PetscCall(VecGetOwnershipRange(v, &rstart, &rend));
  for (PetscInt k = rstart; k < rend; k++) PetscCall(VecSetValue(v, k, vfull[k], INSERT_VALUES));
  PetscCall(VecAssemblyBegin(v));
  PetscCall(VecAssemblyEnd(v));
  PetscCall(MatMult(H, v, Hv));
  PetscCall(VecGetArrayRead(Hv, &a));
  for (PetscInt k = rstart; k < rend; k++) {
    ref[k] = 0;
    for (PetscInt b = 0; b < n; b++) ref[k] += Hd[k * n + b] * vfull[b];
    err   = PetscMax(err, PetscAbsReal(a[k - rstart] - ref[k]));
    hvmax = PetscMax(hvmax, PetscAbsReal(ref[k]));
  }
  PetscCall(VecRestoreArrayRead(Hv, &a));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &err, 1, MPIU_REAL, MPIU_MAX, comm));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &hvmax, 1, MPIU_REAL, MPIU_MAX, comm));
  DWTestLE(comm, "Mat H v vs dense H v", err / hvmax, 1e-13);
  for (int c = 0; c < 3; c++) {
    PetscReal nrm;
    for (PetscInt k = rstart; k < rend; k++) PetscCall(VecSetValue(v, k, k % 3 == c ? 1.0 : 0.0, INSERT_VALUES));
    PetscCall(VecAssemblyBegin(v));
    PetscCall(VecAssemblyEnd(v));
    PetscCall(MatMult(H, v, Hv));
    PetscCall(VecNorm(Hv, NORM_INFINITY, &nrm));
    tmax = PetscMax(tmax, nrm);
  }
  PetscReal hmax;
  PetscCall(MatNorm(H, NORM_INFINITY, &hmax));
  DWTestLE(comm, "translations: max|H t| / ||H||_inf", tmax / hmax, 1e-14);
  PetscCall(PetscFree3(Hd, ref, vfull));
  PetscCall(VecDestroy(&v));
  PetscCall(VecDestroy(&Hv));
  PetscCall(MatDestroy(&H));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWPotentialDestroy(&pot));
  int status = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return status;
}
