/* Swap MC energy changes: dU of a swap and of a translation computed from the per-particle
   energies (the path DWSwapRun takes, through the moves' full neighbour list) equals the
   difference of two full evaluations DWPotentialComputeEnergyForces(). Checked for
   -model pss (diameter swaps), tlj and ka2 (species swaps of any two particles of different
   species, and of each pair type AB, AC, BC drawn as DWSwap draws it), on a relaxed
   configuration, over rounds separated by
   MC sweeps at T = 1 so that the moves' list (skin -swap_skin 0.3 here) is rebuilt in
   between. The full difference carries a rounding error ~1e-16 |U| ~ 1e-13 eps (|U| ~ 10^3
   eps), so the error is measured relative to max(|dU|, 1 eps): tolerance 1e-10, i.e. 1e-10
   relative for the typical |dU| > 1 eps and 1e-10 eps absolute below. Measured: <= 2e-12. */
#include "testutil.h"
#include <dwell/swap.h>
#include "dynamics/swapimpl.h"

static PetscErrorCode FullEnergy(DWPotential pot, DWSystem sys, DWNeighborList nl, PetscReal *U)
{
  PetscFunctionBegin;
  PetscCall(DWNeighborListInvalidate(nl));
  PetscCall(DWPotentialComputeEnergyForces(pot, sys, nl, U, NULL, NULL, NULL));
  PetscFunctionReturn(0);
}

/* Exchanges the identities (species, diameters) of i and j behind the swap's back. */
static PetscErrorCode Exchange(DWSystem sys, PetscInt i, PetscInt j)
{
  DWParticles p;

  PetscFunctionBegin;
  PetscCall(DWSystemGetParticles(sys, &p));
  const PetscInt s = p.species[i];
  p.species[i]     = p.species[j];
  p.species[j]     = s;
  if (p.diameter) {
    const PetscReal t = p.diameter[i];
    p.diameter[i]     = p.diameter[j];
    p.diameter[j]     = t;
  }
  PetscFunctionReturn(0);
}

static double RelErr(PetscReal fast, PetscReal full)
{
  return PetscAbsReal(fast - full) / PetscMax(PetscAbsReal(full), 1.0);
}

/* Error of the per-particle dU of exchanging the identities of i and j. */
static PetscErrorCode SwapError(DWSwap swap, DWNeighborList nl, PetscInt i, PetscInt j, double *err)
{
  PetscReal dU, U0, U1;

  PetscFunctionBegin;
  PetscCall(DWSwapComputeSwapEnergy(swap, i, j, &dU));
  PetscCall(FullEnergy(swap->pot, swap->sys, nl, &U0));
  PetscCall(Exchange(swap->sys, i, j));
  PetscCall(FullEnergy(swap->pot, swap->sys, nl, &U1));
  PetscCall(Exchange(swap->sys, i, j));
  *err = PetscMax(*err, RelErr(dU, U1 - U0));
  PetscFunctionReturn(0);
}

/* Swaps of random pairs of particles with different identities. */
static PetscErrorCode CheckSwaps(DWSwap swap, DWNeighborList nl, DWRng *rng, PetscInt nmoves,
                                 double *err)
{
  DWParticles p;

  PetscFunctionBegin;
  PetscCall(DWSystemGetParticles(swap->sys, &p));
  for (PetscInt m = 0; m < nmoves; m++) {
    PetscInt i, j;
    do {
      i = (PetscInt)(DWRngUniform(rng) * p.N);
      j = (PetscInt)(DWRngUniform(rng) * p.N);
    } while (p.species[i] == p.species[j] && (!p.diameter || p.diameter[i] == p.diameter[j]));
    PetscCall(SwapError(swap, nl, i, j, err));
  }
  PetscFunctionReturn(0);
}

/* Swaps of each pair type of the species swaps (AB, AC, BC for the ternary models), drawn
   from the swap's member arrays: err[k] for pair type k. */
static PetscErrorCode CheckPairSwaps(DWSwap swap, DWNeighborList nl, DWRng *rng, PetscInt nmoves,
                                     double err[])
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < swap->npairs; k++)
    for (PetscInt m = 0; m < nmoves; m++) {
      const PetscInt a = swap->pair[k][0], b = swap->pair[k][1];
      const PetscInt i = swap->members[a][(PetscInt)(DWRngUniform(rng) * swap->count[a])];
      const PetscInt j = swap->members[b][(PetscInt)(DWRngUniform(rng) * swap->count[b])];
      PetscCall(SwapError(swap, nl, i, j, &err[k]));
    }
  PetscFunctionReturn(0);
}

/* The member arrays after swaps: members[s] holds count[s] particles of species s, each at its
   slot, and the counts add up to N. */
static PetscBool MembersConsistent(DWSwap swap)
{
  const DWParticles *p = &swap->particles;
  PetscInt total       = 0;

  if (!swap->species_swaps) return PETSC_TRUE;
  for (PetscInt s = 0; s < DW_MAX_SPECIES; s++) {
    for (PetscInt m = 0; m < swap->count[s]; m++) {
      const PetscInt i = swap->members[s][m];
      if (p->species[i] != s || swap->slot[i] != m) return PETSC_FALSE;
    }
    total += swap->count[s];
  }
  return (PetscBool)(total == p->N);
}

static PetscErrorCode CheckTranslations(DWSwap swap, DWNeighborList nl, DWRng *rng, PetscInt nmoves,
                                        double *err)
{
  DWSystem sys    = swap->sys;
  DWPotential pot = swap->pot;
  DWParticles p;

  PetscFunctionBegin;
  PetscCall(DWSystemGetParticles(sys, &p));
  for (PetscInt m = 0; m < nmoves; m++) {
    const PetscInt i = (PetscInt)(DWRngUniform(rng) * p.N);
    PetscReal d[3], dU, U0, U1;
    for (int c = 0; c < 3; c++) d[c] = 0.08 * (2 * DWRngUniform(rng) - 1);
    PetscCall(DWSwapComputeTranslationEnergy(swap, i, d, &dU));
    PetscCall(FullEnergy(pot, sys, nl, &U0));
    for (int c = 0; c < 3; c++) p.x[3 * i + c] += d[c];
    PetscCall(FullEnergy(pot, sys, nl, &U1));
    for (int c = 0; c < 3; c++) p.x[3 * i + c] -= d[c];
    *err = PetscMax(*err, RelErr(dU, U1 - U0));
  }
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  DWPotential pot;
  DWSystem sys;
  DWNeighborList nl, nlfull;
  DWMD md;
  DWSwap swap;
  DWRng rng;
  char model[32]                    = "pss", what[128];
  PetscInt N                        = 0, nbuilds;
  double errpair[DW_SWAP_MAX_PAIRS] = {0}, errany = 0, errmove = 0;
  PetscBool members = PETSC_TRUE;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-model", model, sizeof(model), NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-n", &N, NULL));
  PetscCall(DWTestRandomSystem(comm, model, N, 3, &pot, &sys));
  PetscCall(DWNeighborListCreate(comm, &nl));
  PetscCall(DWNeighborListCreate(comm, &nlfull));
  PetscCall(DWMDCreate(comm, &md));
  PetscCall(DWMDSetSystem(md, sys, pot, nl));
  PetscCall(DWMDRelax(md, 0.5, 300));

  PetscCall(DWSwapCreate(comm, &swap));
  PetscCall(DWSwapSetSystem(swap, sys, pot, nl));
  PetscCall(DWSwapSetType(swap, DWSWAP_MC));
  PetscCall(DWSwapSetTemperature(swap, 1.0));
  PetscCall(DWSwapSetFromOptions(swap));
  PetscCall(DWSwapSetUp(swap));
  DWRngInit(&rng, 5, DW_STAGE_TEST, 0, 0);
  for (int round = 0; round < 4; round++) {
    PetscCall(DWSwapRun(swap, 10));
    PetscCall(CheckTranslations(swap, nlfull, &rng, 20, &errmove));
    PetscCall(CheckSwaps(swap, nlfull, &rng, 20, &errany));
    PetscCall(CheckPairSwaps(swap, nlfull, &rng, 10, errpair));
    members = (PetscBool)(members && MembersConsistent(swap));
  }
  PetscCall(DWSwapView(swap, NULL));
  PetscCall(DWNeighborListGetStats(swap->mcnl, &nbuilds, NULL));
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: translation dU, per-particle vs full", model));
  DWTestLE(comm, what, errmove, 1e-10);
  PetscCall(PetscSNPrintf(what, sizeof(what),
                          "%s: swap dU of any two particles, per-particle vs full", model));
  DWTestLE(comm, what, errany, 1e-10);
  for (PetscInt k = 0; k < swap->npairs; k++) {
    PetscCall(PetscSNPrintf(what, sizeof(what), "%s: swap dU of %c and %c, per-particle vs full",
                            model, 'A' + (char)swap->pair[k][0], 'A' + (char)swap->pair[k][1]));
    DWTestLE(comm, what, errpair[k], 1e-10);
  }
  if (swap->species_swaps) {
    PetscCall(PetscSNPrintf(what, sizeof(what),
                            "%s: every species' member array lists its particles after the "
                            "accepted swaps (%" PetscInt_FMT ")",
                            model, swap->stats.swap_accepted));
    DWTestTrue(comm, what, members && swap->stats.swap_accepted > 0);
  }
  PetscCall(PetscSNPrintf(
      what, sizeof(what),
      "%s: the moves' list was rebuilt between checks (%" PetscInt_FMT " builds)", model, nbuilds));
  DWTestTrue(comm, what, nbuilds >= 3);
  PetscCall(DWSwapDestroy(&swap));
  PetscCall(DWMDDestroy(&md));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscCall(DWNeighborListDestroy(&nlfull));
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWPotentialDestroy(&pot));
  const int fail = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return fail;
}
