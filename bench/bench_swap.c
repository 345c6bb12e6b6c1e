/* bench_swap: swap acceptance and the swap speed-up of structural relaxation, for
   bench/swap_speedup.sh.

   From -in (a configuration file) or a random configuration of -model with -N particles
   (relaxed by DWMDRelax at -T), the liquid is equilibrated at -T for -equil tau with the
   hybrid swap MC/MD scheme (Andersen MD, dt = 0.005, blocks of 10 steps + 1.75 N swap
   attempts; [JCP23] II.B) and optionally written to -out. Then -run tau of the dynamics
   -dynamics hybrid|md (md: the same Andersen MD without swaps) are measured: the
   self-intermediate scattering function F_s(k, t) (DWSelfScattering, k = -fs_k, 7.0 pss / 7.2
   ternary) sampled every 0.05 tau and averaged over time origins, tau_alpha where F_s = 1/e, the
   swap acceptance, U/N, and the wall time per tau. -dynamics mc runs -run sweeps of pure MC (swap
   fraction 0.2, delta tuned during the first fifth) and reports the acceptances only.

   Prints YAML. The Andersen collision frequency is -md_nu (default 1/tau), weak enough not to
   slow the dynamics much; the same for md and hybrid, so the ratio of the tau_alpha is the
   speed-up of swap. */
#include <dwell/dwell.h>
#include <dwell/swap.h>
#include <dwell/selfscattering.h>
#include <petsctime.h>

typedef struct {
  char model[32], in[PETSC_MAX_PATH_LEN], out[PETSC_MAX_PATH_LEN], dynamics[16];
  PetscInt N, seed;
  PetscReal T, equil, run;
} Options;

static PetscErrorCode ReadOptions(Options *o)
{
  PetscFunctionBegin;
  PetscCall(PetscStrncpy(o->model, "pss", sizeof(o->model)));
  PetscCall(PetscStrncpy(o->dynamics, "hybrid", sizeof(o->dynamics)));
  o->in[0] = o->out[0] = 0;
  o->N                 = 1500;
  o->seed              = 1;
  o->T                 = 0.1;
  o->equil             = 100;
  o->run               = 100;
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "bench_swap: swap acceptance and speed-up", NULL);
  PetscCall(PetscOptionsString("-model", "pss, tlj or ka2", NULL, o->model, o->model,
                               sizeof(o->model), NULL));
  PetscCall(PetscOptionsString("-in", "start configuration (else random)", NULL, o->in, o->in,
                               sizeof(o->in), NULL));
  PetscCall(PetscOptionsString("-out", "write the equilibrated configuration", NULL, o->out, o->out,
                               sizeof(o->out), NULL));
  PetscCall(PetscOptionsString("-dynamics", "hybrid, md or mc", NULL, o->dynamics, o->dynamics,
                               sizeof(o->dynamics), NULL));
  PetscCall(PetscOptionsInt("-N", "particles of a random configuration", NULL, o->N, &o->N, NULL));
  PetscCall(PetscOptionsInt("-seed", "random seed", NULL, o->seed, &o->seed, NULL));
  PetscCall(PetscOptionsReal("-T", "temperature (eps/k_B)", NULL, o->T, &o->T, NULL));
  PetscCall(
      PetscOptionsReal("-equil", "hybrid equilibration (tau)", NULL, o->equil, &o->equil, NULL));
  PetscCall(
      PetscOptionsReal("-run", "measured run (tau; mc: sweeps)", NULL, o->run, &o->run, NULL));
  PetscOptionsEnd();
  PetscFunctionReturn(0);
}

static PetscErrorCode Hybrid(DWSystem sys, DWPotential pot, DWNeighborList nl, DWMD md,
                             DWSwapType type, PetscInt seed, DWSwap *swap)
{
  DWRng rng;

  PetscFunctionBegin;
  PetscCall(DWSwapCreate(PETSC_COMM_WORLD, swap));
  PetscCall(DWSwapSetSystem(*swap, sys, pot, nl));
  PetscCall(DWSwapSetMD(*swap, md));
  PetscCall(DWSwapSetType(*swap, type));
  PetscCall(DWSwapSetFromOptions(*swap));
  DWRngInit(&rng, (uint64_t)seed, DW_STAGE_GLASS, 0, 1);
  PetscCall(DWSwapSetRng(*swap, &rng));
  PetscFunctionReturn(0);
}

/* The longest lag of F_s averaged over all origins, and F_s there: while F_s > 1/e,
   tau_alpha exceeds that lag (a lower bound). */
static PetscErrorCode PrintLastLag(DWSelfScattering fs, PetscReal run)
{
  PetscInt nmax, n;
  PetscReal *t, *F;

  PetscFunctionBegin;
  PetscCall(DWSelfScatteringGetMaxLags(fs, &nmax));
  PetscCall(PetscMalloc2(nmax + 1, &t, nmax + 1, &F));
  PetscCall(DWSelfScatteringGetCurve(fs, 0, run, &n, t, F, NULL));
  if (n > 0)
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "last_lag: %.6g\nF_s_last_lag: %.4f\n",
                          (double)t[n - 1], (double)F[n - 1]));
  PetscCall(PetscFree2(t, F));
  PetscFunctionReturn(0);
}

/* -run tau of hybrid or md dynamics with F_s sampled every 0.05 tau (10 steps). */
static PetscErrorCode Measure(const Options *o, DWSystem sys, DWMD md, DWSwap swap, PetscReal k)
{
  const PetscInt nsamples = (PetscInt)(o->run / 0.05 + 0.5);
  const PetscBool hybrid  = (PetscBool)(swap != NULL);
  DWSelfScattering fs;
  PetscReal *x, tau, tlast, Usum = 0;
  PetscInt n;
  PetscLogDouble t0, t1;
  DWMDObservables obs;
  DWSwapStats st;

  PetscFunctionBegin;
  PetscCall(DWSystemGetPositions(sys, &x));
  PetscCall(DWSystemGetSize(sys, &n));
  PetscCall(DWSelfScatteringCreate(PETSC_COMM_WORLD, &fs));
  PetscCall(DWSelfScatteringSetWavevector(fs, k));
  PetscCall(DWSelfScatteringSetFromOptions(fs));
  PetscCall(DWSelfScatteringSetUp(fs, n));
  if (hybrid) PetscCall(DWSwapResetStats(swap));
  PetscCall(PetscTime(&t0));
  for (PetscInt s = 0; s <= nsamples; s++) {
    if (s) {
      if (hybrid)
        PetscCall(DWSwapRun(swap, 1));
      else
        PetscCall(DWMDStep(md, 10));
    }
    PetscCall(DWSelfScatteringSample(fs, 0.05 * s, x));
    if (s % 20 == 0) {
      PetscCall(DWMDGetObservables(md, &obs));
      Usum += obs.U;
    }
  }
  PetscCall(PetscTime(&t1));
  PetscCall(DWSelfScatteringGetTauAlpha(fs, 0, o->run, &tau));
  PetscCall(DWSelfScatteringGetNumSamples(fs, &n, &tlast));
  PetscCall(PrintLastLag(fs, o->run));
  PetscCall(PetscPrintf(
      PETSC_COMM_WORLD,
      "run_tau: %g\ntau_alpha: %.6g\nU_per_particle: %.6f\nwall_seconds_per_tau: %.4g\n",
      (double)o->run, (double)tau, (double)(Usum / (nsamples / 20 + 1)),
      (double)((t1 - t0) / o->run)));
  if (hybrid) {
    char name[3];
    PetscCall(DWSwapGetStats(swap, &st));
    PetscCall(
        PetscPrintf(PETSC_COMM_WORLD, "swap_acceptance: %.5f\nswap_attempts: %" PetscInt_FMT "\n",
                    (double)st.swap_accepted / PetscMax(1, st.swap_attempts), st.swap_attempts));
    for (PetscInt q = 0; q < st.npairs; q++) {
      DWSwapStatsPairName(&st, q, name);
      PetscCall(PetscPrintf(PETSC_COMM_WORLD, "swap_acceptance_%s: %.4g\n", name,
                            (double)st.pair_accepted[q] / PetscMax(1, st.pair_attempts[q])));
    }
  }
  PetscCall(DWSelfScatteringDestroy(&fs));
  PetscFunctionReturn(0);
}

/* -run sweeps of pure MC: acceptances. */
static PetscErrorCode MeasureMC(const Options *o, DWSystem sys, DWPotential pot, DWNeighborList nl)
{
  DWSwap swap;
  DWSwapStats st;
  PetscLogDouble t0, t1;
  PetscInt sweeps = (PetscInt)o->run;

  PetscFunctionBegin;
  PetscCall(Hybrid(sys, pot, nl, NULL, DWSWAP_MC, o->seed + 1, &swap));
  PetscCall(DWSwapSetTemperature(swap, o->T));
  PetscCall(DWSwapSetTuning(swap, PETSC_TRUE));
  PetscCall(DWSwapRun(swap, sweeps / 5));
  PetscCall(DWSwapSetTuning(swap, PETSC_FALSE));
  PetscCall(DWSwapResetStats(swap));
  PetscCall(PetscTime(&t0));
  PetscCall(DWSwapRun(swap, sweeps));
  PetscCall(PetscTime(&t1));
  PetscCall(DWSwapGetStats(swap, &st));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "mc_sweeps: %" PetscInt_FMT
                        "\nswap_acceptance: %.5f\ntranslation_acceptance: %.5f\ndelta: "
                        "%.5f\nwall_seconds_per_sweep: %.4g\n",
                        sweeps, (double)st.swap_accepted / PetscMax(1, st.swap_attempts),
                        (double)st.move_accepted / PetscMax(1, st.move_attempts), (double)st.delta,
                        (double)((t1 - t0) / sweeps)));
  PetscCall(DWSwapDestroy(&swap));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  Options o;
  DWPotential pot;
  DWSystem sys;
  DWNeighborList nl;
  DWMD md;
  DWSwap swap = NULL;
  DWRng rng;
  PetscReal k;
  PetscBool ismd, ismc, pss;
  PetscInt N;

  PetscCall(PetscInitialize(&argc, &argv, NULL,
                            "bench_swap -model pss|tlj|ka2 -T T [-N n] [-equil tau] [-run tau] "
                            "[-dynamics hybrid|md|mc] [-in FILE] [-out FILE]"));
  PetscCall(ReadOptions(&o));
  PetscCall(PetscStrcmp(o.dynamics, "md", &ismd));
  PetscCall(PetscStrcmp(o.dynamics, "mc", &ismc));
  PetscCall(PetscStrcmp(o.model, "pss", &pss));
  PetscCall(DWPotentialCreate(PETSC_COMM_WORLD, &pot));
  PetscCall(DWPotentialSetType(pot, o.model));
  PetscCall(DWPotentialSetFromOptions(pot));
  if (o.in[0]) {
    PetscCall(DWSystemLoad(PETSC_COMM_WORLD, o.in, &sys));
    PetscCall(DWPotentialSetUp(pot, sys));
  } else
    PetscCall(DWPotentialCreateRandomSystem(pot, o.N, 0, o.seed, &sys));
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWNeighborListCreate(PETSC_COMM_WORLD, &nl));
  PetscCall(DWMDCreate(PETSC_COMM_WORLD, &md));
  PetscCall(DWMDSetSystem(md, sys, pot, nl));
  PetscCall(DWMDSetThermostat(md, DWMD_ANDERSEN));
  PetscCall(DWMDSetTemperature(md, o.T));
  PetscCall(DWMDSetFromOptions(md));
  DWRngInit(&rng, (uint64_t)o.seed, DW_STAGE_GLASS, 0, 0);
  PetscCall(DWMDSetRng(md, &rng));
  if (!o.in[0]) PetscCall(DWMDRelax(md, o.T, 500));
  PetscCall(DWMDSetUp(md));
  PetscCall(DWMDDrawVelocities(md, o.T, PETSC_TRUE));
  PetscCall(Hybrid(sys, pot, nl, md, DWSWAP_HYBRID, o.seed, &swap));
  PetscCall(DWSwapRun(swap, (PetscInt)(o.equil / 0.05 + 0.5)));
  if (o.out[0]) PetscCall(DWSystemSave(sys, o.out));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "model: %s\nN: %" PetscInt_FMT "\nT: %g\nequil_tau: %g\ndynamics: %s\n",
                        o.model, N, (double)o.T, (double)o.equil, o.dynamics));
  k = pss ? 7.0 : 7.2;
  if (ismc)
    PetscCall(MeasureMC(&o, sys, pot, nl));
  else
    PetscCall(Measure(&o, sys, md, ismd ? NULL : swap, k));
  PetscCall(DWSwapDestroy(&swap));
  PetscCall(DWMDDestroy(&md));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWPotentialDestroy(&pot));
  PetscCall(PetscFinalize());
  return 0;
}
