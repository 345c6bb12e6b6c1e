/* Swap Monte Carlo: determinism, bookkeeping and bad input (issue 3).
   - The same streams give bit-identical configurations (and velocities): pure MC with
     tuning on pss, hybrid with Andersen MD on ka2; other streams give other ones.
   - After a hybrid run the MD's forces are those of the final species and positions
     (relative difference to a fresh evaluation <= 1e-12: only the summation order may
     differ), and the species counts are unchanged by swaps.
   - Tuning brings the translation acceptance to 35% (production within [0.28, 0.42],
     N = 300 pss at T = 0.15: the window noise is ~0.02); without tuning delta is unchanged.
   - Bad input stops at DWSwapSetUp/SetFromOptions with a message naming the offending value:
     a swap asked of ka, lj and harmonic (no swap rule), the hybrid scheme without MD or at a
     temperature other than the MD's, an unknown scheme, species pair types asked of pss
     (diameter swaps), and on ka2 an unknown pair type, a species the model lacks, a pair of
     one species, a pair type listed twice (AC and CA); a translation step larger than the
     list allows. */
#include "testutil.h"
#include <string.h>
#include <dwell/swap.h>
#include "dynamics/swapimpl.h"

typedef struct {
  DWPotential pot;
  DWSystem sys;
  DWNeighborList nl;
  DWMD md;
  DWSwap swap;
} Setup;

static PetscErrorCode CreateSetup(MPI_Comm comm, const char model[], PetscInt N, PetscReal T,
                                  Setup *s)
{
  PetscFunctionBegin;
  PetscCall(DWTestRandomSystem(comm, model, N, 3, &s->pot, &s->sys));
  PetscCall(DWNeighborListCreate(comm, &s->nl));
  PetscCall(DWMDCreate(comm, &s->md));
  PetscCall(DWMDSetSystem(s->md, s->sys, s->pot, s->nl));
  PetscCall(DWMDRelax(s->md, T, 200));
  PetscCall(DWSwapCreate(comm, &s->swap));
  PetscCall(DWSwapSetSystem(s->swap, s->sys, s->pot, s->nl));
  PetscCall(DWSwapSetTemperature(s->swap, T));
  PetscFunctionReturn(0);
}

static PetscErrorCode DestroySetup(Setup *s)
{
  PetscFunctionBegin;
  PetscCall(DWSwapDestroy(&s->swap));
  PetscCall(DWMDDestroy(&s->md));
  PetscCall(DWNeighborListDestroy(&s->nl));
  PetscCall(DWSystemDestroy(&s->sys));
  PetscCall(DWPotentialDestroy(&s->pot));
  PetscFunctionReturn(0);
}

/* Runs `n` blocks of the scheme from the configuration of `start` with streams from `seed`;
   returns the final configuration and velocities. */
static PetscErrorCode RunCopy(Setup *start, DWSwapType type, PetscInt seed, PetscInt n,
                              DWSystem *out, PetscReal v[])
{
  MPI_Comm comm;
  DWNeighborList nl;
  DWMD md;
  DWSwap swap;
  DWRng rng;
  PetscReal *vmd;
  PetscInt N;
  PetscReal T;

  PetscFunctionBegin;
  PetscCall(DWSystemGetComm(start->sys, &comm));
  PetscCall(DWSystemGetSize(start->sys, &N));
  PetscCall(DWSystemDuplicate(start->sys, out));
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWMDCreate(comm, &md));
  PetscCall(DWMDSetSystem(md, *out, start->pot, nl));
  PetscCall(DWMDSetThermostat(md, DWMD_ANDERSEN));
  T = start->swap->T;
  PetscCall(DWMDSetTemperature(md, T));
  DWRngInit(&rng, (uint64_t)seed, DW_STAGE_TEST, 0, 0);
  PetscCall(DWMDSetRng(md, &rng));
  PetscCall(DWMDSetUp(md));
  PetscCall(DWMDDrawVelocities(md, T, PETSC_TRUE));
  PetscCall(DWSwapCreate(comm, &swap));
  PetscCall(DWSwapSetSystem(swap, *out, start->pot, nl));
  PetscCall(DWSwapSetMD(swap, md));
  PetscCall(DWSwapSetType(swap, type));
  PetscCall(DWSwapSetTemperature(swap, T));
  PetscCall(DWSwapSetTuning(swap, PETSC_TRUE));
  DWRngInit(&rng, (uint64_t)seed, DW_STAGE_TEST, 1, 0);
  PetscCall(DWSwapSetRng(swap, &rng));
  PetscCall(DWSwapRun(swap, n));
  PetscCall(DWMDGetVelocities(md, &vmd));
  PetscCall(PetscArraycpy(v, vmd, 3 * N));
  PetscCall(DWSwapDestroy(&swap));
  PetscCall(DWMDDestroy(&md));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckDeterminism(MPI_Comm comm, const char model[], PetscInt N, PetscReal T,
                                       DWSwapType type, PetscInt n)
{
  Setup s;
  DWSystem a, b, c;
  PetscReal *va, *vb, *vc;
  PetscBool same, other;
  char what[128];

  PetscFunctionBegin;
  PetscCall(CreateSetup(comm, model, N, T, &s));
  PetscCall(PetscMalloc3(3 * N, &va, 3 * N, &vb, 3 * N, &vc));
  PetscCall(RunCopy(&s, type, 11, n, &a, va));
  PetscCall(RunCopy(&s, type, 11, n, &b, vb));
  PetscCall(RunCopy(&s, type, 12, n, &c, vc));
  PetscCall(DWSystemEqual(a, b, &same));
  same = (PetscBool)(same && !memcmp(va, vb, 3 * N * sizeof(PetscReal)));
  PetscCall(DWSystemEqual(a, c, &other));
  PetscCall(PetscSNPrintf(what, sizeof(what),
                          "%s %s: the same seed gives a bit-identical configuration", model, type));
  DWTestTrue(comm, what, same);
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s %s: another seed gives another configuration",
                          model, type));
  DWTestTrue(comm, what, !other);
  PetscCall(DWSystemDestroy(&a));
  PetscCall(DWSystemDestroy(&b));
  PetscCall(DWSystemDestroy(&c));
  PetscCall(PetscFree3(va, vb, vc));
  PetscCall(DestroySetup(&s));
  PetscFunctionReturn(0);
}

/* Hybrid on ka2: the MD's forces are fresh after the run, species counts are conserved. */
static PetscErrorCode CheckHybridBookkeeping(MPI_Comm comm)
{
  Setup s;
  PetscInt N = 400, before[3] = {0, 0, 0}, after[3] = {0, 0, 0}, *sp;
  PetscReal *f;
  DWSwapStats st;

  PetscFunctionBegin;
  PetscCall(CreateSetup(comm, "ka2", N, 0.8, &s));
  PetscCall(DWMDSetThermostat(s.md, DWMD_NOSEHOOVER));
  PetscCall(DWMDSetTemperature(s.md, 0.8));
  PetscCall(DWMDDrawVelocities(s.md, 0.8, PETSC_TRUE));
  PetscCall(DWSwapSetMD(s.swap, s.md));
  PetscCall(DWSystemGetSpecies(s.sys, &sp));
  for (PetscInt i = 0; i < N; i++) before[sp[i]]++;
  PetscCall(DWSwapRun(s.swap, 40));
  for (PetscInt i = 0; i < N; i++) after[sp[i]]++;
  PetscCall(DWSwapGetStats(s.swap, &st));
  PetscCall(DWSwapView(s.swap, NULL));
  DWTestTrue(comm, "ka2 hybrid: some swaps were accepted", st.swap_accepted > 0);
  DWTestTrue(comm, "ka2 hybrid: species counts unchanged by swaps",
             before[0] == after[0] && before[1] == after[1] && before[2] == after[2]);
  PetscCall(PetscMalloc1(3 * N, &f));
  PetscCall(DWNeighborListInvalidate(s.nl));
  PetscCall(DWPotentialComputeEnergyForces(s.pot, s.sys, s.nl, NULL, f, NULL, NULL));
  DWTestLE(comm, "ka2 hybrid: MD forces after the run vs a fresh evaluation",
           DWTestRelDiff(3 * N, s.md->f, f), 1e-12);
  PetscCall(PetscFree(f));
  PetscCall(DestroySetup(&s));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckTuning(MPI_Comm comm)
{
  Setup s;
  DWSwapStats st;
  PetscReal delta;

  PetscFunctionBegin;
  PetscCall(CreateSetup(comm, "pss", 300, 0.15, &s));
  PetscCall(DWSwapSetType(s.swap, DWSWAP_MC));
  PetscCall(DWSwapSetTuning(s.swap, PETSC_TRUE));
  PetscCall(DWSwapRun(s.swap, 200));
  PetscCall(DWSwapSetTuning(s.swap, PETSC_FALSE));
  PetscCall(DWSwapResetStats(s.swap));
  PetscCall(DWSwapGetStats(s.swap, &st));
  delta = st.delta;
  PetscCall(DWSwapRun(s.swap, 200));
  PetscCall(DWSwapGetStats(s.swap, &st));
  PetscCall(DWSwapView(s.swap, NULL));
  DWTestLE(comm, "pss mc: |acceptance - 0.35| after tuning",
           PetscAbsReal((PetscReal)st.move_accepted / st.move_attempts - 0.35), 0.05);
  DWTestTrue(comm, "pss mc: delta fixed when tuning is off", st.delta == delta);
  PetscCall(DestroySetup(&s));
  PetscFunctionReturn(0);
}

/* Sets the options, calls SetFromOptions + SetUp with errors returned, and checks the error
   message contains `needle`. */
static PetscErrorCode ExpectError(MPI_Comm comm, Setup *s, const char options[],
                                  const char needle[])
{
  PetscErrorCode ierr;
  const char *text;
  char *specific = NULL, what[256];

  PetscFunctionBegin;
  PetscCall(PetscOptionsClear(NULL));
  PetscCall(PetscOptionsInsertString(NULL, options));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = DWSwapSetFromOptions(s->swap);
  if (!ierr) ierr = DWSwapSetUp(s->swap);
  PetscCall(PetscPopErrorHandler());
  PetscCall(PetscOptionsClear(NULL));
  if (ierr) PetscCall(PetscErrorMessage(ierr, &text, &specific));
  PetscCall(PetscPrintf(comm, "     [%s] -> %s\n", options, specific ? specific : "no error"));
  PetscCall(PetscSNPrintf(what, sizeof(what), "error naming '%s'", needle));
  DWTestTrue(comm, what, ierr && specific && strstr(specific, needle));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckBadInput(MPI_Comm comm)
{
  const char *models[] = {"ka", "lj", "harmonic"};
  Setup s;
  char needle[64];

  PetscFunctionBegin;
  for (int k = 0; k < 3; k++) {
    PetscCall(CreateSetup(comm, models[k], 300, 1.0, &s));
    PetscCall(PetscSNPrintf(needle, sizeof(needle), "model %s has no swap rule", models[k]));
    PetscCall(ExpectError(comm, &s, "-swap_type mc", needle));
    PetscCall(DestroySetup(&s));
  }
  PetscCall(CreateSetup(comm, "pss", 200, 0.3, &s));
  PetscCall(ExpectError(comm, &s, "-swap_type hybrid", "needs the MD"));
  PetscCall(DWSwapSetMD(s.swap, s.md));
  PetscCall(
      ExpectError(comm, &s, "-swap_type hybrid -swap_T 0.25", "differs from the MD thermostat's"));
  PetscCall(ExpectError(comm, &s, "-swap_type mc -swap_pairs AC",
                        "-swap_pairs AC: model pss swaps the diameters"));
  PetscCall(ExpectError(comm, &s, "-swap_type metropolis", "unknown swap scheme 'metropolis'"));
  PetscCall(ExpectError(comm, &s, "-swap_type mc -swap_pairs all -swap_skin 0.3 -swap_delta 0.2",
                        "-swap_delta 0.2"));
  PetscCall(ExpectError(comm, &s, "-swap_type mc -swap_pairs all -swap_fraction 1.5",
                        "-swap_fraction 1.5"));
  PetscCall(DestroySetup(&s));
  PetscCall(CreateSetup(comm, "ka2", 300, 1.0, &s));
  PetscCall(ExpectError(comm, &s, "-swap_type mc -swap_pairs XYZ", "unknown pair type 'XYZ'"));
  PetscCall(ExpectError(comm, &s, "-swap_type mc -swap_pairs AC,BD", "model ka2 has no species D"));
  PetscCall(
      ExpectError(comm, &s, "-swap_type mc -swap_pairs BB", "'BB' needs two different species"));
  PetscCall(ExpectError(comm, &s, "-swap_type mc -swap_pairs AC,bc,CA", "AC is listed twice"));
  PetscCall(DestroySetup(&s));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(CheckDeterminism(comm, "pss", 200, 0.3, DWSWAP_MC, 100));
  PetscCall(CheckDeterminism(comm, "ka2", 400, 0.8, DWSWAP_HYBRID, 30));
  PetscCall(CheckHybridBookkeeping(comm));
  PetscCall(CheckTuning(comm));
  PetscCall(CheckBadInput(comm));
  const int fail = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return fail;
}
