/* Swap Monte Carlo samples the canonical distribution (issue 3), on small pss liquids relaxed
   from random configurations (the smallest box for the moves' list is N ~ 100 at rho = 1).
   Errors are standard errors from 20 block averages; the checks allow 4 combined standard
   errors (a false alarm ~1e-4 per check if the block errors are right).
   -check balance: detailed balance, N = 130, T = 0.3 (above the onset T = 0.18, where
     translations alone relax the liquid). Pure MC with swaps + translations (swap fraction
     0.2) and pure MC with translations only, each 3000 sweeps of equilibration (the first
     750 tuning delta) then 30000 sweeps sampled every 20 (blocks of 1500 sweeps), give the
     same distribution of U/N: mean and variance within 4 standard errors, and the
     occupancies of 8 bins spanning +-2.5 standard deviations with chi2 < 30 (p ~ 2e-4 for 8
     degrees of freedom). Measured: <U/N> = 0.7153(11) vs 0.7173(17) (1.0 sigma), variance
     9.66(35)e-4 vs 9.27(45)e-4 (0.7 sigma), chi2 = 4.0.
     The test can fail: with the swap acceptance deliberately wrong, exp(-dU / 2T) instead of
     exp(-dU / T) (checked by hand once), <U/N> of the swap run rose to 0.7811(15): 28 sigma,
     variance 6 sigma, chi2 = 875. Dropping the partner's energy change from the swap dU
     fails by > 60 sigma.
   -check hybrid: N = 150, T = 0.2. Hybrid swap MC/MD (blocks of 10 Andersen MD steps at
     dt = 0.005 + 1.75 N swap attempts) and plain Andersen MD, each 100 tau of equilibration
     then 600 tau sampled every 0.5 tau (blocks of 30 tau), give the same U/N and pressure
     within 4 standard errors. Measured: U/N = 0.5553(15) vs 0.5564(22) (0.4 sigma),
     P = 4.067(8) vs 4.072(12) (0.3 sigma). With the swap acceptance exp(-dU / 2T) the hybrid
     U/N is off by 65 sigma. */
#include "testutil.h"
#include <dwell/swap.h>

/* Mean of y[0..m) and its standard error from nb block averages. */
static void BlockMean(const PetscReal y[], PetscInt m, PetscInt nb, PetscReal *mean, PetscReal *err)
{
  const PetscInt b = m / nb;
  PetscReal s = 0, s2 = 0;

  for (PetscInt k = 0; k < nb; k++) {
    PetscReal blk = 0;
    for (PetscInt t = k * b; t < (k + 1) * b; t++) blk += y[t];
    blk /= b;
    s += blk;
    s2 += blk * blk;
  }
  *mean = s / nb;
  *err  = PetscSqrtReal(PetscMax(0.0, s2 / nb - *mean * *mean) / (nb - 1));
}

/* Number of combined standard errors between two estimates. */
static PetscReal ZScore(PetscReal a, PetscReal ea, PetscReal b, PetscReal eb)
{
  return PetscAbsReal(a - b) / PetscSqrtReal(ea * ea + eb * eb);
}

typedef struct {
  PetscReal mean, emean, var, evar, bin[8], ebin[8];
} Distribution;

/* Mean, variance and the occupancies of 8 bins of width w from lo, with block errors. */
static PetscErrorCode Describe(const PetscReal u[], PetscInt m, PetscReal lo, PetscReal w,
                               Distribution *d)
{
  PetscReal *y;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(m, &y));
  BlockMean(u, m, 20, &d->mean, &d->emean);
  for (PetscInt t = 0; t < m; t++) y[t] = (u[t] - d->mean) * (u[t] - d->mean);
  BlockMean(y, m, 20, &d->var, &d->evar);
  for (int k = 0; k < 8; k++) {
    for (PetscInt t = 0; t < m; t++)
      y[t] = (u[t] >= lo + k * w && u[t] < lo + (k + 1) * w) ? 1.0 : 0.0;
    BlockMean(y, m, 20, &d->bin[k], &d->ebin[k]);
  }
  PetscCall(PetscFree(y));
  PetscFunctionReturn(0);
}

static PetscErrorCode MakeLiquid(MPI_Comm comm, PetscInt N, PetscReal T, DWPotential *pot,
                                 DWSystem *sys)
{
  DWNeighborList nl;
  DWMD md;

  PetscFunctionBegin;
  PetscCall(DWTestRandomSystem(comm, "pss", N, 7, pot, sys));
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWMDCreate(comm, &md));
  PetscCall(DWMDSetSystem(md, *sys, *pot, nl));
  PetscCall(DWMDRelax(md, T, 500));
  PetscCall(DWMDDestroy(&md));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscFunctionReturn(0);
}

/* Pure MC at T from a copy of sys0: tuning, equilibration, then m samples of U/N, one every
   `every` sweeps. */
static PetscErrorCode SampleMC(DWPotential pot, DWSystem sys0, PetscReal T, PetscReal fraction,
                               PetscInt seed, PetscInt equil, PetscInt m, PetscInt every,
                               PetscReal u[])
{
  MPI_Comm comm;
  DWSystem sys;
  DWNeighborList nl;
  DWSwap swap;
  DWRng rng;
  char f[32];
  PetscInt N;

  PetscFunctionBegin;
  PetscCall(DWSystemGetComm(sys0, &comm));
  PetscCall(DWSystemDuplicate(sys0, &sys));
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWSwapCreate(comm, &swap));
  PetscCall(DWSwapSetSystem(swap, sys, pot, nl));
  PetscCall(DWSwapSetType(swap, DWSWAP_MC));
  PetscCall(DWSwapSetTemperature(swap, T));
  PetscCall(PetscSNPrintf(f, sizeof(f), "%g", (double)fraction));
  PetscCall(PetscOptionsSetValue(NULL, "-swap_fraction", f));
  PetscCall(DWSwapSetFromOptions(swap));
  DWRngInit(&rng, (uint64_t)seed, DW_STAGE_TEST, 1, 0);
  PetscCall(DWSwapSetRng(swap, &rng));
  PetscCall(DWSwapSetTuning(swap, PETSC_TRUE));
  PetscCall(DWSwapRun(swap, equil / 4));
  PetscCall(DWSwapSetTuning(swap, PETSC_FALSE));
  PetscCall(DWSwapRun(swap, equil - equil / 4));
  PetscCall(DWSwapResetStats(swap));
  for (PetscInt t = 0; t < m; t++) {
    PetscReal U;
    PetscCall(DWSwapRun(swap, every));
    PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, &U, NULL, NULL, NULL));
    u[t] = U / N;
  }
  PetscCall(DWSwapView(swap, NULL));
  PetscCall(DWSwapDestroy(&swap));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWSystemDestroy(&sys));
  PetscFunctionReturn(0);
}

/* chi2 of the difference of two binned distributions, with their block errors. */
static PetscReal Chi2(const Distribution *a, const Distribution *b)
{
  PetscReal chi2 = 0;
  for (int k = 0; k < 8; k++) {
    const PetscReal e2 = a->ebin[k] * a->ebin[k] + b->ebin[k] * b->ebin[k];
    if (e2 > 0) chi2 += (a->bin[k] - b->bin[k]) * (a->bin[k] - b->bin[k]) / e2;
  }
  return chi2;
}

static void PrintDistribution(MPI_Comm comm, const char what[], const Distribution *d)
{
  PetscPrintf(comm, "%-14s <U/N> = %.5f +- %.5f, var = %.4e +- %.1e, bins:", what, (double)d->mean,
              (double)d->emean, (double)d->var, (double)d->evar);
  for (int k = 0; k < 8; k++) PetscPrintf(comm, " %.3f", (double)d->bin[k]);
  PetscPrintf(comm, "\n");
}

static PetscErrorCode CheckBalance(MPI_Comm comm)
{
  const PetscReal T = 0.3;
  PetscInt N = 130, equil = 3000, m = 1500, every = 20;
  DWPotential pot;
  DWSystem sys;
  PetscReal *us, *ut, mean, emean, var, evar;
  Distribution ds, dt;

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-n", &N, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-samples", &m, NULL));
  PetscCall(MakeLiquid(comm, N, T, &pot, &sys));
  PetscCall(PetscMalloc2(m, &us, m, &ut));
  PetscCall(SampleMC(pot, sys, T, 0.2, 1, equil, m, every, us));
  PetscCall(SampleMC(pot, sys, T, 0.0, 2, equil, m, every, ut));
  /* common bins: +-2.5 standard deviations about the translation-only mean */
  BlockMean(ut, m, 20, &mean, &emean);
  {
    PetscReal s2 = 0;
    for (PetscInt t = 0; t < m; t++) s2 += (ut[t] - mean) * (ut[t] - mean);
    var = s2 / m;
  }
  evar = PetscSqrtReal(var);
  PetscCall(Describe(us, m, mean - 2.5 * evar, 5.0 * evar / 8, &ds));
  PetscCall(Describe(ut, m, mean - 2.5 * evar, 5.0 * evar / 8, &dt));
  PrintDistribution(comm, "swap+transl.", &ds);
  PrintDistribution(comm, "transl. only", &dt);
  DWTestLE(comm, "mean U/N: swap+translation vs translation only (std errors)",
           ZScore(ds.mean, ds.emean, dt.mean, dt.emean), 4);
  DWTestLE(comm, "variance of U/N: swap+translation vs translation (std errors)",
           ZScore(ds.var, ds.evar, dt.var, dt.evar), 4);
  DWTestLE(comm, "histogram of U/N: chi2 over 8 bins", Chi2(&ds, &dt), 30);
  PetscCall(PetscFree2(us, ut));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}

/* Andersen MD at T from a copy of sys0, hybrid swap MC/MD when `hybrid`: equilibration for
   `equil` tau, then m samples of U/N and P, one every 0.5 tau. */
static PetscErrorCode SampleMD(DWPotential pot, DWSystem sys0, PetscReal T, PetscBool hybrid,
                               PetscInt seed, PetscReal equil, PetscInt m, PetscReal u[],
                               PetscReal p[])
{
  MPI_Comm comm;
  DWSystem sys;
  DWNeighborList nl;
  DWMD md;
  DWSwap swap;
  DWRng rng;
  DWMDObservables obs;
  const PetscInt blocks = 10; /* 10 x 10 steps of 0.005 tau = 0.5 tau */

  PetscFunctionBegin;
  PetscCall(DWSystemGetComm(sys0, &comm));
  PetscCall(DWSystemDuplicate(sys0, &sys));
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWMDCreate(comm, &md));
  PetscCall(DWMDSetSystem(md, sys, pot, nl));
  PetscCall(DWMDSetThermostat(md, DWMD_ANDERSEN));
  PetscCall(DWMDSetTemperature(md, T));
  DWRngInit(&rng, (uint64_t)seed, DW_STAGE_TEST, 2, 0);
  PetscCall(DWMDSetRng(md, &rng));
  PetscCall(DWMDSetUp(md));
  PetscCall(DWMDDrawVelocities(md, T, PETSC_FALSE));
  PetscCall(DWSwapCreate(comm, &swap));
  PetscCall(DWSwapSetSystem(swap, sys, pot, nl));
  PetscCall(DWSwapSetMD(swap, md));
  PetscCall(DWSwapSetFromOptions(swap));
  DWRngInit(&rng, (uint64_t)seed, DW_STAGE_TEST, 3, 0);
  PetscCall(DWSwapSetRng(swap, &rng));
  for (PetscInt t = -(PetscInt)(equil / 0.5); t < m; t++) {
    if (hybrid)
      PetscCall(DWSwapRun(swap, blocks));
    else
      PetscCall(DWMDStep(md, 10 * blocks));
    if (t < 0) continue;
    PetscCall(DWMDGetObservables(md, &obs));
    u[t] = obs.U;
    p[t] = obs.P;
  }
  if (hybrid) PetscCall(DWSwapView(swap, NULL));
  PetscCall(DWSwapDestroy(&swap));
  PetscCall(DWMDDestroy(&md));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWSystemDestroy(&sys));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckHybrid(MPI_Comm comm)
{
  const PetscReal T = 0.2;
  PetscInt N = 150, m = 1200;
  PetscReal equil = 100;
  DWPotential pot;
  DWSystem sys;
  PetscReal *us, *ps, *um, *pm, u[2][2], p[2][2];

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-n", &N, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-samples", &m, NULL));
  PetscCall(MakeLiquid(comm, N, T, &pot, &sys));
  PetscCall(PetscMalloc4(m, &us, m, &ps, m, &um, m, &pm));
  PetscCall(SampleMD(pot, sys, T, PETSC_TRUE, 1, equil, m, us, ps));
  PetscCall(SampleMD(pot, sys, T, PETSC_FALSE, 2, equil, m, um, pm));
  BlockMean(us, m, 20, &u[0][0], &u[0][1]);
  BlockMean(um, m, 20, &u[1][0], &u[1][1]);
  BlockMean(ps, m, 20, &p[0][0], &p[0][1]);
  BlockMean(pm, m, 20, &p[1][0], &p[1][1]);
  PetscCall(PetscPrintf(comm, "hybrid swap:  U/N = %.5f +- %.5f, P = %.4f +- %.4f\n",
                        (double)u[0][0], (double)u[0][1], (double)p[0][0], (double)p[0][1]));
  PetscCall(PetscPrintf(comm, "plain MD:     U/N = %.5f +- %.5f, P = %.4f +- %.4f\n",
                        (double)u[1][0], (double)u[1][1], (double)p[1][0], (double)p[1][1]));
  DWTestLE(comm, "U/N: hybrid swap vs plain MD (std errors)",
           ZScore(u[0][0], u[0][1], u[1][0], u[1][1]), 4);
  DWTestLE(comm, "pressure: hybrid swap vs plain MD (std errors)",
           ZScore(p[0][0], p[0][1], p[1][0], p[1][1]), 4);
  PetscCall(PetscFree4(us, ps, um, pm));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  char check[32] = "balance";
  PetscBool balance, hybrid;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-check", check, sizeof(check), NULL));
  PetscCall(PetscStrcmp(check, "balance", &balance));
  PetscCall(PetscStrcmp(check, "hybrid", &hybrid));
  PetscCheck(balance || hybrid, PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG,
             "unknown -check %s; use balance or hybrid", check);
  if (balance) PetscCall(CheckBalance(PETSC_COMM_WORLD));
  if (hybrid) PetscCall(CheckHybrid(PETSC_COMM_WORLD));
  const int fail = DWTestFinish(PETSC_COMM_WORLD);
  PetscCall(PetscFinalize());
  return fail;
}
