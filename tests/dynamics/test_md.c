/* Molecular dynamics and thermostats (issue 3), on small liquids relaxed from random
   configurations:
   - NVE (ka2 N = 500, T ~ 1, C2-smooth potential, so velocity Verlet's energy error is the
     shadow-Hamiltonian O(dt^2) one): the rms deviation of H = K + U from its mean over the
     same 10 tau scales as dt^2: ratio for dt = 0.004 vs 0.002 in [3.2, 4.8] (4 expected;
     the bounds allow the O(dt^4) term and sampling of the fluctuation); the drift of H is
     below 1e-4 eps per particle; the total momentum stays below 1e-10.
   - Berendsen, Nose-Hoover and Andersen hold T (lj N = 256, T = 1.5): the mean kinetic
     temperature over 40 tau equals the target within 4 standard errors (block averages)
     plus 0.5% (Berendsen's known small bias); Nose-Hoover also conserves H': drift below
     2e-3 eps per particle, 0.1% of K (lj is only C1 at its cutoff, so the integration error
     is larger than the NVE test's 2e-5 on ka2; a wrong thermostat term drifts by O(K)).
   - Andersen gives the canonical kinetic energy distribution (harmonic spheres N = 108,
     nu = 10: 3N independent Gaussian velocity components): mean <K> = 3N T / 2 and
     relative variance var(K)/<K>^2 = 2 / (3N), each within 4 standard errors.
   - The same stream gives a bit-identical trajectory. */
#include "testutil.h"

static PetscErrorCode MakeLiquid(MPI_Comm comm, const char model[], PetscInt N, PetscReal T, DWPotential *pot, DWSystem *sys, DWNeighborList *nl, DWMD *md)
{
  DWRng rng;

  PetscFunctionBegin;
  PetscCall(DWTestRandomSystem(comm, model, N, 3, pot, sys));
  PetscCall(DWNeighborListCreate(comm, nl));
  PetscCall(DWMDCreate(comm, md));
  PetscCall(DWMDSetSystem(*md, *sys, *pot, *nl));
  DWRngInit(&rng, 42, DW_STAGE_TEST, 0, 0);
  PetscCall(DWMDSetRng(*md, &rng));
  PetscCall(DWMDRelax(*md, T, 2000));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy(DWPotential *pot, DWSystem *sys, DWNeighborList *nl, DWMD *md)
{
  PetscFunctionBegin;
  PetscCall(DWMDDestroy(md));
  PetscCall(DWNeighborListDestroy(nl));
  PetscCall(DWSystemDestroy(sys));
  PetscCall(DWPotentialDestroy(pot));
  PetscFunctionReturn(0);
}

static PetscReal TotalMomentum(DWMD md, PetscInt N)
{
  PetscReal *v, p[3] = {0, 0, 0};
  DWMDGetVelocities(md, &v);
  for (PetscInt k = 0; k < 3 * N; k++) p[k % 3] += v[k];
  return PetscMax(PetscAbsReal(p[0]), PetscMax(PetscAbsReal(p[1]), PetscAbsReal(p[2])));
}

/* rms of H about its mean and its drift (mean of the last tenth minus the first) over
   `time` tau, sampled every 0.02 tau. */
static PetscErrorCode NVERun(DWMD md, PetscReal dt, PetscReal time, PetscReal *rms, PetscReal *drift)
{
  const PetscInt  every = (PetscInt)(0.02 / dt + 0.5), m = (PetscInt)(time / 0.02 + 0.5), tenth = m / 10;
  PetscReal      *H, mean = 0, first = 0, last = 0;
  DWMDObservables o;

  PetscFunctionBegin;
  PetscCall(DWMDSetTimeStep(md, dt));
  PetscCall(PetscMalloc1(m, &H));
  for (PetscInt k = 0; k < m; k++) {
    PetscCall(DWMDStep(md, every));
    PetscCall(DWMDGetObservables(md, &o));
    H[k] = o.H;
    mean += H[k] / m;
  }
  *rms = 0;
  for (PetscInt k = 0; k < m; k++) *rms += (H[k] - mean) * (H[k] - mean) / m;
  *rms = PetscSqrtReal(*rms);
  for (PetscInt k = 0; k < tenth; k++) {
    first += H[k] / tenth;
    last += H[m - 1 - k] / tenth;
  }
  *drift = PetscAbsReal(last - first);
  PetscCall(PetscFree(H));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckNVE(MPI_Comm comm)
{
  DWPotential    pot;
  DWSystem       sys, start;
  DWNeighborList nl;
  DWMD           md;
  PetscReal      rms1, rms2, drift1, drift2, *v, *v0;
  PetscInt       N = 500;

  PetscFunctionBegin;
  PetscCall(MakeLiquid(comm, "ka2", N, 1.0, &pot, &sys, &nl, &md));
  PetscCall(DWMDSetThermostat(md, DWMD_NVE));
  PetscCall(DWMDDrawVelocities(md, 1.0, PETSC_TRUE));
  PetscCall(DWMDSetTimeStep(md, 0.004));
  PetscCall(DWMDStep(md, 500));
  PetscCall(DWSystemDuplicate(sys, &start));
  PetscCall(DWMDGetVelocities(md, &v));
  PetscCall(PetscMalloc1(3 * N, &v0));
  PetscCall(PetscArraycpy(v0, v, 3 * N));
  PetscCall(NVERun(md, 0.004, 10.0, &rms1, &drift1));
  DWTestLE(comm, "NVE dt = 0.004: total momentum", TotalMomentum(md, N), 1e-10);
  /* the same start with half the step */
  PetscReal *x, *x0;
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(DWSystemGetPositions(start, &x0));
  PetscCall(PetscArraycpy(x, x0, 3 * N));
  PetscCall(PetscArraycpy(v, v0, 3 * N));
  PetscCall(DWMDSetUp(md));
  PetscCall(NVERun(md, 0.002, 10.0, &rms2, &drift2));
  PetscCall(PetscPrintf(comm, "     NVE rms(H) per particle: dt 0.004 %.3e, dt 0.002 %.3e; drift %.3e, %.3e eps\n", (double)rms1, (double)rms2, (double)drift1, (double)drift2));
  DWTestTrue(comm, "NVE energy fluctuation ratio rms(0.004)/rms(0.002) in [3.2, 4.8]", rms1 / rms2 >= 3.2 && rms1 / rms2 <= 4.8);
  DWTestLE(comm, "NVE drift of H per particle over 10 tau, dt = 0.004", drift1, 1e-4);
  PetscCall(PetscFree(v0));
  PetscCall(DWSystemDestroy(&start));
  PetscCall(Destroy(&pot, &sys, &nl, &md));
  PetscFunctionReturn(0);
}

/* Mean of x[0..m) and its standard error from 20 block averages. */
static void MeanError(const PetscReal *x, PetscInt m, PetscReal *mean, PetscReal *err)
{
  const PetscInt nb = 20, bl = m / nb;
  PetscReal      b[20], s = 0;
  *mean = 0;
  for (PetscInt k = 0; k < nb; k++) {
    b[k] = 0;
    for (PetscInt i = 0; i < bl; i++) b[k] += x[k * bl + i] / bl;
    *mean += b[k] / nb;
  }
  for (PetscInt k = 0; k < nb; k++) s += (b[k] - *mean) * (b[k] - *mean);
  *err = PetscSqrtReal(s / (nb * (nb - 1)));
}

static PetscErrorCode CheckThermostat(MPI_Comm comm, const char type[])
{
  DWPotential     pot;
  DWSystem        sys;
  DWNeighborList  nl;
  DWMD            md;
  const PetscReal T = 1.5;
  const PetscInt  m = 2000;
  PetscReal       Ts[2000], H0 = 0, mean, err;
  DWMDObservables o;
  char            what[128];

  PetscFunctionBegin;
  PetscCall(MakeLiquid(comm, "lj", 256, T, &pot, &sys, &nl, &md));
  PetscCall(DWMDSetThermostat(md, type));
  PetscCall(DWMDSetTemperature(md, T));
  PetscCall(DWMDSetTimeStep(md, 0.004));
  PetscCall(DWMDDrawVelocities(md, T, PETSC_TRUE));
  PetscCall(DWMDStep(md, 1000));
  for (PetscInt k = 0; k < m; k++) {
    PetscCall(DWMDStep(md, 5));
    PetscCall(DWMDGetObservables(md, &o));
    Ts[k] = o.T;
    if (!k) H0 = o.H;
  }
  MeanError(Ts, m, &mean, &err);
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: |<T> - T| (<T> = %.4f +- %.4f)", type, (double)mean, (double)err));
  DWTestLE(comm, what, PetscAbsReal(mean - T), 4 * err + 0.005 * T);
  PetscBool nh;
  PetscCall(PetscStrcmp(type, DWMD_NOSEHOOVER, &nh));
  if (nh) DWTestLE(comm, "nosehoover: drift of H' per particle over 40 tau", PetscAbsReal(o.H - H0), 2e-3);
  PetscCall(Destroy(&pot, &sys, &nl, &md));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckAndersenDistribution(MPI_Comm comm)
{
  DWPotential     pot;
  DWSystem        sys;
  DWNeighborList  nl;
  DWMD            md;
  const PetscReal T = 0.05;
  const PetscInt  N = 108, m = 20000;
  PetscReal      *K, *K2, meanK, errK, meanK2, errK2;
  DWMDObservables o;

  PetscFunctionBegin;
  PetscCall(MakeLiquid(comm, "harmonic", N, T, &pot, &sys, &nl, &md));
  PetscCall(DWMDSetThermostat(md, DWMD_ANDERSEN));
  PetscCall(DWMDSetTemperature(md, T));
  PetscCall(DWMDSetCoupling(md, 0.1, 10.0));
  PetscCall(DWMDSetTimeStep(md, 0.01));
  PetscCall(DWMDStep(md, 200));
  PetscCall(PetscMalloc2(m, &K, m, &K2));
  for (PetscInt k = 0; k < m; k++) {
    PetscCall(DWMDStep(md, 10));
    PetscCall(DWMDGetObservables(md, &o));
    K[k] = o.K * N;
  }
  MeanError(K, m, &meanK, &errK);
  for (PetscInt k = 0; k < m; k++) K2[k] = (K[k] - meanK) * (K[k] - meanK);
  MeanError(K2, m, &meanK2, &errK2);
  const PetscReal g = 3.0 * N;
  PetscCall(PetscPrintf(comm, "     Andersen: <K> = %.5f +- %.5f (canonical %.5f), var K / <K>^2 = %.5f +- %.5f (canonical 2/3N = %.5f)\n", (double)meanK, (double)errK, (double)(0.5 * g * T), (double)(meanK2 / (meanK * meanK)), (double)(errK2 / (meanK * meanK)), (double)(2.0 / g)));
  DWTestLE(comm, "andersen: |<K> - 3N T/2| / error", PetscAbsReal(meanK - 0.5 * g * T) / errK, 4.0);
  DWTestLE(comm, "andersen: |var K - 3N T^2/2| / error", PetscAbsReal(meanK2 - 0.5 * g * T * T) / errK2, 4.0);
  PetscCall(PetscFree2(K, K2));
  PetscCall(Destroy(&pot, &sys, &nl, &md));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckDeterminism(MPI_Comm comm)
{
  DWSystem    sys[2];
  PetscBool   same;

  PetscFunctionBegin;
  for (int r = 0; r < 2; r++) {
    DWPotential    pot;
    DWNeighborList nl;
    DWMD           md;
    PetscCall(MakeLiquid(comm, "ka2", 500, 0.8, &pot, &sys[r], &nl, &md));
    PetscCall(DWMDSetThermostat(md, DWMD_ANDERSEN));
    PetscCall(DWMDSetTemperature(md, 0.8));
    PetscCall(DWMDStep(md, 300));
    PetscCall(DWMDDestroy(&md));
    PetscCall(DWNeighborListDestroy(&nl));
    PetscCall(DWPotentialDestroy(&pot));
  }
  PetscCall(DWSystemEqual(sys[0], sys[1], &same));
  DWTestTrue(comm, "same stream: bit-identical positions after relaxation + 300 Andersen steps", same);
  PetscCall(DWSystemDestroy(&sys[0]));
  PetscCall(DWSystemDestroy(&sys[1]));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  char      which[32] = "all";
  PetscBool all, match;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-check", which, sizeof(which), NULL));
  PetscCall(PetscStrcmp(which, "all", &all));
  PetscCall(PetscStrcmp(which, "nve", &match));
  if (all || match) PetscCall(CheckNVE(PETSC_COMM_SELF));
  PetscCall(PetscStrcmp(which, "thermostats", &match));
  if (all || match) {
    PetscCall(CheckThermostat(PETSC_COMM_SELF, DWMD_BERENDSEN));
    PetscCall(CheckThermostat(PETSC_COMM_SELF, DWMD_NOSEHOOVER));
    PetscCall(CheckThermostat(PETSC_COMM_SELF, DWMD_ANDERSEN));
  }
  PetscCall(PetscStrcmp(which, "andersen", &match));
  if (all || match) PetscCall(CheckAndersenDistribution(PETSC_COMM_SELF));
  PetscCall(PetscStrcmp(which, "determinism", &match));
  if (all || match) PetscCall(CheckDeterminism(PETSC_COMM_SELF));
  int status = DWTestFinish(PETSC_COMM_SELF);
  PetscCall(PetscFinalize());
  return status;
}
