/* The Kob-Andersen mixture (DESIGN.md section 3.3) reproduces published equilibrium values
   (-T 2.0: U/N = -4.654, p = 19.318, RUMD reference data, N = 4000; -T 1.028:
   U/N = -5.974, W/N = 7.444, Pedersen, Schroder, Dyre PRL 120, 165501 (2018)).
   N = 1000 at rho = 1.2, Nose-Hoover NVT at dt = 0.005, 10 tau of equilibration after the
   overlaps of the random start are relaxed, then 30 tau of production sampled every
   0.05 tau. Tolerance: 4 standard errors (20 block averages; each block 1.5 tau, longer
   than the relaxation time at these T) plus 0.2% for the finite size (N = 1000 vs 4000)
   and the published values' own rounding. */
#include "testutil.h"

int main(int argc, char **argv)
{
  MPI_Comm        comm;
  DWPotential     pot;
  DWSystem        sys;
  DWNeighborList  nl;
  DWMD            md;
  DWRng           rng;
  DWMDObservables o;
  PetscReal       T = 2.0, U[600], P[600], W[600], mU = 0, mP = 0, mW = 0, eU, eP, eW;
  const PetscInt  m = 600, nb = 20, bl = m / nb;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_SELF;
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-T", &T, NULL));
  PetscCall(DWTestRandomSystem(comm, "ka", 1000, 9, &pot, &sys));
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWMDCreate(comm, &md));
  PetscCall(DWMDSetSystem(md, sys, pot, nl));
  DWRngInit(&rng, 9, DW_STAGE_TEST, 0, 0);
  PetscCall(DWMDSetRng(md, &rng));
  PetscCall(DWMDRelax(md, T, 2000));
  PetscCall(DWMDSetThermostat(md, DWMD_NOSEHOOVER));
  PetscCall(DWMDSetTemperature(md, T));
  PetscCall(DWMDSetCoupling(md, 0.2, 1.0));
  PetscCall(DWMDSetTimeStep(md, 0.005));
  PetscCall(DWMDDrawVelocities(md, T, PETSC_TRUE));
  PetscCall(DWMDStep(md, 2000));
  for (PetscInt k = 0; k < m; k++) {
    PetscCall(DWMDStep(md, 10));
    PetscCall(DWMDGetObservables(md, &o));
    U[k] = o.U;
    P[k] = o.P;
    W[k] = (o.P / 1.2) - 2.0 * o.K / 3.0;
  }
  PetscReal bU[20], bP[20], bW[20];
  for (PetscInt b = 0; b < nb; b++) {
    bU[b] = bP[b] = bW[b] = 0;
    for (PetscInt i = 0; i < bl; i++) {
      bU[b] += U[b * bl + i] / bl;
      bP[b] += P[b * bl + i] / bl;
      bW[b] += W[b * bl + i] / bl;
    }
    mU += bU[b] / nb;
    mP += bP[b] / nb;
    mW += bW[b] / nb;
  }
  eU = eP = eW = 0;
  for (PetscInt b = 0; b < nb; b++) {
    eU += (bU[b] - mU) * (bU[b] - mU);
    eP += (bP[b] - mP) * (bP[b] - mP);
    eW += (bW[b] - mW) * (bW[b] - mW);
  }
  eU = PetscSqrtReal(eU / (nb * (nb - 1)));
  eP = PetscSqrtReal(eP / (nb * (nb - 1)));
  eW = PetscSqrtReal(eW / (nb * (nb - 1)));
  PetscCall(PetscPrintf(comm, "     T = %g: U/N = %.4f +- %.4f, p = %.4f +- %.4f, W/N = %.4f +- %.4f\n", (double)T, (double)mU, (double)eU, (double)mP, (double)eP, (double)mW, (double)eW));
  if (T == 2.0) {
    DWTestLE(comm, "ka T = 2.0: |U/N - (-4.654)|", PetscAbsReal(mU + 4.654), 4 * eU + 0.002 * 4.654);
    DWTestLE(comm, "ka T = 2.0: |p - 19.318|", PetscAbsReal(mP - 19.318), 4 * eP + 0.002 * 19.318);
  } else {
    DWTestLE(comm, "ka T = 1.028: |U/N - (-5.974)|", PetscAbsReal(mU + 5.974), 4 * eU + 0.002 * 5.974);
    DWTestLE(comm, "ka T = 1.028: |W/N - 7.444|", PetscAbsReal(mW - 7.444), 4 * eW + 0.002 * 7.444);
  }
  PetscCall(DWMDDestroy(&md));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWPotentialDestroy(&pot));
  int status = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return status;
}
