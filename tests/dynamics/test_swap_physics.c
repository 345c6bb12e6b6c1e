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
     U/N is off by 65 sigma.
   The ternary model's species swaps (issue 12; -model ka2 and the options below):
   -check balance -model ka2 -n 250 -T 2.0 -md_equil 20 -equil 500 -samples 800 -every 20
     -fraction 0.2 -blocks 10: the same comparison on a ternary liquid (N = 250, the smallest
     box for the list; T = 2.0, above the onset T_o ~ 1.0 [JCP23], where translations alone
     relax it), started after 20 tau of Andersen MD so that both chains start from the
     liquid's chemical order. Its energy has slow fluctuations (~1000 sweeps): with 20 blocks
     of 300 sweeps two translation-only chains differed by 3.3 of their "standard errors",
     hence 10 blocks of 1600 sweeps here. Measured: <U/N> = -3.1037(138) vs -3.1144(164)
     (0.5 sigma), variance 0.3 sigma, chi2 = 2.8 (another seed: 0.3 sigma, chi2 = 3.6); plain
     Andersen MD (600 tau) gives -3.096(8). With exp(-dU / 2T): 18 sigma, chi2 = 493.
     Swap acceptance 1.8% overall.
   -check exact: swap-only MC (swap fraction 1, positions frozen) on N = 250 particles, one B
     (particle 0), one C (particle 1), the rest A, at T = 1.0, against the exact Boltzmann
     distribution of the N (N - 1) = 62250 placements of B and C, enumerated from the pair
     functions: E(b, c) = dB[b] + dC[c] + phi_BC - phi_AB - phi_AC + phi_AA at r_bc (checked
     against full energy differences to 1e-9). The three pair types have very different
     weights N_a N_b (AB, AC: 248; BC: 1), so the proposal's symmetry and the per-type draw
     are what is tested. The pair parameters are set close to A's (-ka2_eps
     1,1.1,1.05,0.9,1,0.95, -ka2_sigma 1,0.97,0.985,0.94,0.955,0.97) and the positions are
     those of a liquid of this composition (20 tau of MD at T), so that B and C visit many
     sites (acceptance ~40%): with KA2's own parameters B and C stay in their holes and the
     distribution is one state. 2000 samples, every 2 sweeps: mean, variance and 8 bins
     spanning +-2.5 standard deviations against the exact ones (chi2 uses the MC errors only).
     Measured: <E> = -14.172(40) vs exact -14.160 (0.3 sigma), variance 0.2 sigma,
     chi2 = 9.0. With exp(-dU / 2T): 72 sigma, chi2 = 3478. */
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

/* Blocks of the block averages (-blocks; 20 unless the run's slow fluctuations ask for
   longer blocks). */
static PetscInt nblocks = 20;

/* Mean, variance and the occupancies of 8 bins of width w from lo, with block errors. */
static PetscErrorCode Describe(const PetscReal u[], PetscInt m, PetscReal lo, PetscReal w,
                               Distribution *d)
{
  PetscReal *y;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(m, &y));
  BlockMean(u, m, nblocks, &d->mean, &d->emean);
  for (PetscInt t = 0; t < m; t++) y[t] = (u[t] - d->mean) * (u[t] - d->mean);
  BlockMean(y, m, nblocks, &d->var, &d->evar);
  for (int k = 0; k < 8; k++) {
    for (PetscInt t = 0; t < m; t++)
      y[t] = (u[t] >= lo + k * w && u[t] < lo + (k + 1) * w) ? 1.0 : 0.0;
    BlockMean(y, m, nblocks, &d->bin[k], &d->ebin[k]);
  }
  PetscCall(PetscFree(y));
  PetscFunctionReturn(0);
}

/* The configuration sys relaxed to a liquid at T: 500 Berendsen steps, then `equil` tau of
   Andersen MD (dt = 0.005, nu = 1/tau), which equilibrates the arrangement of the species by
   diffusion (a random configuration has none of the liquid's chemical order). */
static PetscErrorCode RelaxLiquid(MPI_Comm comm, DWPotential pot, DWSystem sys, PetscReal T,
                                  PetscReal equil)
{
  DWNeighborList nl;
  DWMD md;
  DWRng rng;

  PetscFunctionBegin;
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWMDCreate(comm, &md));
  PetscCall(DWMDSetSystem(md, sys, pot, nl));
  PetscCall(DWMDRelax(md, T, 500));
  if (equil > 0) {
    PetscCall(DWMDSetThermostat(md, DWMD_ANDERSEN));
    PetscCall(DWMDSetTemperature(md, T));
    DWRngInit(&rng, 7, DW_STAGE_TEST, 4, 0);
    PetscCall(DWMDSetRng(md, &rng));
    PetscCall(DWMDSetUp(md));
    PetscCall(DWMDDrawVelocities(md, T, PETSC_FALSE));
    PetscCall(DWMDStep(md, (PetscInt)(equil / 0.005 + 0.5)));
  }
  PetscCall(DWMDDestroy(&md));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscFunctionReturn(0);
}

/* A random configuration of the model relaxed to a liquid at T (RelaxLiquid). */
static PetscErrorCode MakeLiquid(MPI_Comm comm, const char model[], PetscInt N, PetscReal T,
                                 PetscReal equil, DWPotential *pot, DWSystem *sys)
{
  PetscFunctionBegin;
  PetscCall(DWTestRandomSystem(comm, model, N, 7, pot, sys));
  PetscCall(RelaxLiquid(comm, *pot, *sys, T, equil));
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
  PetscReal T = 0.3, fraction = 0.2, mdequil = 0;
  PetscInt N = 130, equil = 3000, m = 1500, every = 20, seed = 1;
  char model[32] = "pss";
  DWPotential pot;
  DWSystem sys;
  PetscReal *us, *ut, mean, emean, var, evar;
  Distribution ds, dt;

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-model", model, sizeof(model), NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-T", &T, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-n", &N, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-equil", &equil, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-samples", &m, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-every", &every, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-fraction", &fraction, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-md_equil", &mdequil, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-seed", &seed, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-blocks", &nblocks, NULL));
  PetscCall(MakeLiquid(comm, model, N, T, mdequil, &pot, &sys));
  PetscCall(PetscMalloc2(m, &us, m, &ut));
  PetscCall(SampleMC(pot, sys, T, fraction, seed, equil, m, every, us));
  PetscCall(SampleMC(pot, sys, T, 0.0, seed + 1, equil, m, every, ut));
  /* common bins: +-2.5 standard deviations about the translation-only mean */
  BlockMean(ut, m, nblocks, &mean, &emean);
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
  PetscReal T = 0.2;
  PetscInt N = 150, m = 1200;
  PetscReal equil = 100;
  char model[32]  = "pss";
  DWPotential pot;
  DWSystem sys;
  PetscReal *us, *ps, *um, *pm, u[2][2], p[2][2];

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-model", model, sizeof(model), NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-T", &T, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-n", &N, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-samples", &m, NULL));
  PetscCall(MakeLiquid(comm, model, N, T, 0, &pot, &sys));
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

/* ---- -check exact: species swaps against the exact distribution of a small state space ---- */

/* The configuration of the exact check: a ternary liquid's positions, frozen, with particle 0
   of species B, particle 1 of species C and all others A. E[b * N + c] is the energy, up to
   a constant, of the state with B at b and C at c (b != c), from the pair functions:
   E = dB[b] + dC[c] + phi_BC(r_bc) - phi_AB(r_bc) - phi_AC(r_bc) + phi_AA(r_bc), with
   dX[i] = sum_j [phi_AX(r_ij) - phi_AA(r_ij)] the cost of turning A particle i into X. */
typedef struct {
  PetscInt N;
  PetscReal *E;
} StateEnergies;

/* phi of species a and b at r, through representative particles of those species. */
static PetscReal Phi(DWPotential pot, DWSystem sys, const PetscInt rep[3][2], PetscInt a,
                     PetscInt b, PetscReal r)
{
  PetscReal d[4];
  PetscCallAbort(PETSC_COMM_SELF,
                 DWPotentialPairDerivatives(pot, sys, rep[a][0], rep[b][a == b], r, d));
  return d[0];
}

static PetscErrorCode ComputeStateEnergies(DWPotential pot, DWSystem sys, StateEnergies *s)
{
  const PetscInt rep[3][2] = {{2, 3}, {0, 0}, {1, 1}}; /* A: 2 and 3; B: 0; C: 1 */
  DWParticles p;
  PetscReal *r, *dB, *dC;
  PetscInt N;

  PetscFunctionBegin;
  PetscCall(DWSystemGetParticles(sys, &p));
  N = s->N = p.N;
  PetscCall(PetscMalloc1(N * N, &s->E));
  PetscCall(PetscMalloc3(N * N, &r, N, &dB, N, &dC));
  for (PetscInt i = 0; i < N; i++)
    for (PetscInt j = 0; j < N; j++) {
      PetscReal d[3] = {p.x[3 * i] - p.x[3 * j], p.x[3 * i + 1] - p.x[3 * j + 1],
                        p.x[3 * i + 2] - p.x[3 * j + 2]};
      DWBoxMinimumImage(&p.box, d);
      r[i * N + j] = PetscSqrtReal(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    }
  for (PetscInt i = 0; i < N; i++) {
    dB[i] = dC[i] = 0;
    for (PetscInt j = 0; j < N; j++) {
      if (j == i) continue;
      const PetscReal aa = Phi(pot, sys, rep, 0, 0, r[i * N + j]);
      dB[i] += Phi(pot, sys, rep, 0, 1, r[i * N + j]) - aa;
      dC[i] += Phi(pot, sys, rep, 0, 2, r[i * N + j]) - aa;
    }
  }
  for (PetscInt b = 0; b < N; b++)
    for (PetscInt c = 0; c < N; c++) {
      const PetscReal rbc = r[b * N + c];
      s->E[b * N + c]     = b == c ? PETSC_MAX_REAL
                                   : dB[b] + dC[c] + Phi(pot, sys, rep, 1, 2, rbc) -
                                     Phi(pot, sys, rep, 0, 1, rbc) - Phi(pot, sys, rep, 0, 2, rbc) +
                                     Phi(pot, sys, rep, 0, 0, rbc);
    }
  PetscCall(PetscFree3(r, dB, dC));
  PetscFunctionReturn(0);
}

/* The positions of B and C. */
static void FindBC(const PetscInt species[], PetscInt N, PetscInt *b, PetscInt *c)
{
  for (PetscInt i = 0; i < N; i++) {
    if (species[i] == 1) *b = i;
    if (species[i] == 2) *c = i;
  }
}

/* Exact mean, variance and probabilities of 8 bins of width w from lo of E at T. */
static void ExactDistribution(const StateEnergies *s, PetscReal T, PetscReal lo, PetscReal w,
                              Distribution *d)
{
  const PetscInt N = s->N;
  PetscReal Emin = PETSC_MAX_REAL, Z = 0, m1 = 0, m2 = 0;

  for (PetscInt k = 0; k < N * N; k++) Emin = PetscMin(Emin, s->E[k]);
  PetscArrayzero(d->bin, 8);
  for (PetscInt k = 0; k < N * N; k++) {
    if (s->E[k] == PETSC_MAX_REAL) continue;
    const PetscReal wgt = PetscExpReal(-(s->E[k] - Emin) / T);
    const PetscInt q    = (PetscInt)PetscFloorReal((s->E[k] - lo) / w);
    Z += wgt;
    m1 += wgt * s->E[k];
    m2 += wgt * s->E[k] * s->E[k];
    if (q >= 0 && q < 8) d->bin[q] += wgt;
  }
  d->mean = m1 / Z;
  d->var  = m2 / Z - d->mean * d->mean;
  for (int q = 0; q < 8; q++) d->bin[q] /= Z;
}

/* The state energies E(b, c) against full evaluations for a few states (the table is right). */
static PetscErrorCode CheckStateEnergies(MPI_Comm comm, DWPotential pot, DWSystem sys,
                                         const StateEnergies *s)
{
  const PetscInt states[4][2] = {{0, 1}, {7, 100}, {150, 3}, {249, 248}};
  PetscInt *sp, N     = s->N;
  PetscReal U[4], err = 0;
  DWNeighborList nl;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSpecies(sys, &sp));
  PetscCall(DWNeighborListCreate(comm, &nl));
  for (int k = 0; k < 4; k++) {
    for (PetscInt i = 0; i < N; i++) sp[i] = 0;
    sp[states[k][0]] = 1;
    sp[states[k][1]] = 2;
    PetscCall(DWNeighborListInvalidate(nl));
    PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, &U[k], NULL, NULL, NULL));
    if (k) {
      const PetscReal dE =
          s->E[states[k][0] * N + states[k][1]] - s->E[states[0][0] * N + states[0][1]];
      err =
          PetscMax(err, PetscAbsReal(dE - (U[k] - U[0])) / PetscMax(1, PetscAbsReal(U[k] - U[0])));
    }
  }
  for (PetscInt i = 0; i < N; i++) sp[i] = 0;
  sp[0] = 1;
  sp[1] = 2;
  DWTestLE(comm, "exact: E(b, c) of the table vs full energy differences", err, 1e-9);
  PetscCall(DWNeighborListDestroy(&nl));
  PetscFunctionReturn(0);
}

/* -check exact: swap-only Monte Carlo (positions frozen) of one B and one C among A particles,
   against the exact distribution of the N (N - 1) states. */
static PetscErrorCode CheckExact(MPI_Comm comm)
{
  PetscReal T = 1.0, lo, w;
  PetscInt N = 250, m = 2000, every = 2, *sp;
  DWPotential pot;
  DWSystem sys;
  DWNeighborList nl;
  DWSwap swap;
  DWRng rng;
  StateEnergies s;
  Distribution exact, mc;
  PetscReal *e, chi2 = 0;

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-T", &T, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-samples", &m, NULL));
  PetscCall(PetscOptionsSetValue(NULL, "-ka2_eps", "1,1.1,1.05,0.9,1,0.95"));
  PetscCall(PetscOptionsSetValue(NULL, "-ka2_sigma", "1,0.97,0.985,0.94,0.955,0.97"));
  PetscCall(DWTestRandomSystem(comm, "ka2", N, 7, &pot, &sys));
  PetscCall(DWSystemGetSpecies(sys, &sp));
  for (PetscInt i = 0; i < N; i++) sp[i] = 0;
  sp[0] = 1;
  sp[1] = 2;
  PetscCall(DWPotentialSetUp(pot, sys));
  PetscCall(RelaxLiquid(comm, pot, sys, T, 20));
  PetscCall(ComputeStateEnergies(pot, sys, &s));
  PetscCall(CheckStateEnergies(comm, pot, sys, &s));
  ExactDistribution(&s, T, 0, 1, &exact);
  lo = exact.mean - 2.5 * PetscSqrtReal(exact.var);
  w  = 5.0 * PetscSqrtReal(exact.var) / 8;
  ExactDistribution(&s, T, lo, w, &exact);

  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWSwapCreate(comm, &swap));
  PetscCall(DWSwapSetSystem(swap, sys, pot, nl));
  PetscCall(DWSwapSetType(swap, DWSWAP_MC));
  PetscCall(DWSwapSetTemperature(swap, T));
  PetscCall(PetscOptionsSetValue(NULL, "-swap_fraction", "1"));
  PetscCall(DWSwapSetFromOptions(swap));
  DWRngInit(&rng, 3, DW_STAGE_TEST, 5, 0);
  PetscCall(DWSwapSetRng(swap, &rng));
  PetscCall(DWSwapRun(swap, 100));
  PetscCall(DWSwapResetStats(swap));
  PetscCall(PetscMalloc1(m, &e));
  for (PetscInt t = 0; t < m; t++) {
    PetscInt b = -1, c = -1;
    PetscCall(DWSwapRun(swap, every));
    FindBC(sp, N, &b, &c);
    e[t] = s.E[b * N + c];
  }
  PetscCall(DWSwapView(swap, NULL));
  PetscCall(Describe(e, m, lo, w, &mc));
  PetscCall(PetscPrintf(comm, "exact:  <E> = %.5f, var = %.5f, bins:", (double)exact.mean,
                        (double)exact.var));
  for (int q = 0; q < 8; q++) PetscCall(PetscPrintf(comm, " %.4f", (double)exact.bin[q]));
  PetscCall(PetscPrintf(comm, "\n"));
  PrintDistribution(comm, "swap MC", &mc);
  for (int q = 0; q < 8; q++)
    if (mc.ebin[q] > 0) chi2 += PetscSqr(mc.bin[q] - exact.bin[q]) / PetscSqr(mc.ebin[q]);
  DWTestLE(comm, "exact: mean of E, swap MC vs exact (std errors)",
           PetscAbsReal(mc.mean - exact.mean) / mc.emean, 4);
  DWTestLE(comm, "exact: variance of E, swap MC vs exact (std errors)",
           PetscAbsReal(mc.var - exact.var) / mc.evar, 4);
  DWTestLE(comm, "exact: histogram of E, chi2 over 8 bins", chi2, 30);
  PetscCall(PetscFree(e));
  PetscCall(PetscFree(s.E));
  PetscCall(DWSwapDestroy(&swap));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  char check[32] = "balance";
  PetscBool balance, hybrid, exact;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-check", check, sizeof(check), NULL));
  PetscCall(PetscStrcmp(check, "balance", &balance));
  PetscCall(PetscStrcmp(check, "hybrid", &hybrid));
  PetscCall(PetscStrcmp(check, "exact", &exact));
  PetscCheck(balance || hybrid || exact, PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG,
             "unknown -check %s; use balance, hybrid or exact", check);
  if (balance) PetscCall(CheckBalance(PETSC_COMM_WORLD));
  if (hybrid) PetscCall(CheckHybrid(PETSC_COMM_WORLD));
  if (exact) PetscCall(CheckExact(PETSC_COMM_WORLD));
  const int fail = DWTestFinish(PETSC_COMM_WORLD);
  PetscCall(PetscFinalize());
  return fail;
}
