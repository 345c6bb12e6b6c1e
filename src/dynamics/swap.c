/* DWSwap: swap Monte Carlo for the preparation of equilibrated supercooled liquids
   (see include/dwell/swap.h): the hybrid swap MC/MD scheme of Berthier et al.,
   J. Stat. Mech. (2019) 064004, as used in [JCP23] II.C (blocks of n_md MD steps
   alternating with n_swap = 1.75 N swap attempts), and pure Monte Carlo with translations
   and swaps (Ninarello, Berthier, Coslovich PRX 7, 021039 (2017); DESIGN.md section 3.1).
   Both sample the canonical distribution at T: the MD blocks with a canonical thermostat,
   the swap blocks and the MC moves by Metropolis with symmetric proposals (swapmoves.c).
   This file holds the object, its options, the registry of schemes (swapschemes.c) and the
   blocks of moves they run. */
#include "dynamics/swapimpl.h"
#include <ctype.h>
#include <petscviewer.h>

PetscErrorCode DWSwapCreate_Hybrid(DWSwap);
PetscErrorCode DWSwapCreate_MC(DWSwap);

static PetscLogEvent DW_SWAP_MOVES;
static PetscFunctionList DWSwapList;
static PetscBool DWSwapRegisterAllCalled;

PetscErrorCode DWSwapRegister(const char name[], PetscErrorCode (*create)(DWSwap))
{
  PetscFunctionBegin;
  PetscCall(PetscFunctionListAdd(&DWSwapList, name, create));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapRegisterAll(void)
{
  PetscFunctionBegin;
  if (DWSwapRegisterAllCalled) PetscFunctionReturn(0);
  DWSwapRegisterAllCalled = PETSC_TRUE;
  PetscCall(DWSwapRegister(DWSWAP_HYBRID, DWSwapCreate_Hybrid));
  PetscCall(DWSwapRegister(DWSWAP_MC, DWSwapCreate_MC));
  PetscCall(PetscLogEventRegister("DWSwapMoves", 0, &DW_SWAP_MOVES));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapListTypes(const char sep[], char buf[], size_t len)
{
  PetscFunctionBegin;
  PetscCall(DWSwapRegisterAll());
  PetscCall(DWRegistryListNames(DWSwapList, sep, buf, len));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapCreate(MPI_Comm comm, DWSwap *swap)
{
  PetscFunctionBegin;
  PetscCall(DWSwapRegisterAll());
  PetscCall(PetscNew(swap));
  (*swap)->comm                  = comm;
  (*swap)->md_steps              = 10;
  (*swap)->attempts_per_particle = 1.75;
  (*swap)->fraction              = 0.2;
  (*swap)->delta                 = 0.05;
  PetscCall(PetscStrncpy((*swap)->pairlist, "all", sizeof((*swap)->pairlist)));
  DWRngInit(&(*swap)->rng, 0, DW_STAGE_GLASS, 0, 1);
  PetscCall(DWSwapSetType(*swap, DWSWAP_HYBRID));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapDestroy(DWSwap *swap)
{
  PetscFunctionBegin;
  if (!*swap) PetscFunctionReturn(0);
  PetscCall(DWSwapDestroyMoves(*swap));
  PetscCall(PetscFree(*swap));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapSetType(DWSwap swap, DWSwapType type)
{
  PetscErrorCode (*create)(DWSwap);

  PetscFunctionBegin;
  PetscCall(DWRegistryFind(swap->comm, DWSwapList, "swap scheme", type, &create));
  PetscCall(PetscMemzero(swap->ops, sizeof(struct _DWSwapOps)));
  PetscCall(PetscStrncpy(swap->type, type, sizeof(swap->type)));
  PetscCall(create(swap));
  swap->setup = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapGetType(DWSwap swap, DWSwapType *type)
{
  PetscFunctionBegin;
  *type = swap->type;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapSetSystem(DWSwap swap, DWSystem sys, DWPotential pot, DWNeighborList nl)
{
  PetscFunctionBegin;
  swap->sys   = sys;
  swap->pot   = pot;
  swap->nl    = nl;
  swap->setup = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapSetMD(DWSwap swap, DWMD md)
{
  PetscFunctionBegin;
  swap->md    = md;
  swap->setup = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapSetTemperature(DWSwap swap, PetscReal T)
{
  PetscFunctionBegin;
  PetscCheck(T > 0 && PetscIsNormalReal(T), swap->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "swap temperature T = %g must be positive", (double)T);
  swap->T     = T;
  swap->Tset  = PETSC_TRUE;
  swap->setup = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapSetTranslationStep(DWSwap swap, PetscReal delta)
{
  PetscFunctionBegin;
  PetscCheck(delta > 0 && PetscIsNormalReal(delta), swap->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "translation step delta = %g must be positive", (double)delta);
  swap->delta = delta;
  swap->setup = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapSetTuning(DWSwap swap, PetscBool tune)
{
  PetscFunctionBegin;
  swap->tune         = tune;
  swap->win_attempts = swap->win_accepted = 0;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapSetRng(DWSwap swap, const DWRng *rng)
{
  PetscFunctionBegin;
  swap->rng = *rng;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapGetRng(DWSwap swap, DWRng *rng)
{
  PetscFunctionBegin;
  *rng = swap->rng;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapSetFromOptions(DWSwap swap)
{
  char type[DW_REGISTRY_NAME_LEN], known[256];
  PetscReal T = swap->T;
  PetscBool set, Tset;

  PetscFunctionBegin;
  PetscCall(DWSwapListTypes(", ", known, sizeof(known)));
  PetscCall(PetscStrncpy(type, swap->type, sizeof(type)));
  PetscOptionsBegin(swap->comm, NULL, "Swap Monte Carlo", "DWSwap");
  PetscCall(
      PetscOptionsString("-swap_type", known, "DWSwapSetType", type, type, sizeof(type), &set));
  PetscCall(PetscOptionsInt("-swap_md_steps", "MD steps per block (hybrid)", "DWSwapSetFromOptions",
                            swap->md_steps, &swap->md_steps, NULL));
  PetscCall(PetscOptionsReal(
      "-swap_attempts_per_particle", "swap attempts per block, per particle (hybrid)",
      "DWSwapSetFromOptions", swap->attempts_per_particle, &swap->attempts_per_particle, NULL));
  PetscCall(PetscOptionsReal("-swap_fraction", "probability that an attempt is a swap (mc)",
                             "DWSwapSetFromOptions", swap->fraction, &swap->fraction, NULL));
  PetscCall(PetscOptionsString(
      "-swap_pairs", "species pair types of the swaps: all, or a list such as AC,BC",
      "DWSwapSetFromOptions", swap->pairlist, swap->pairlist, sizeof(swap->pairlist), NULL));
  PetscCall(PetscOptionsReal("-swap_delta", "translation step (sigma, mc)",
                             "DWSwapSetTranslationStep", swap->delta, &swap->delta, NULL));
  PetscCall(PetscOptionsReal("-swap_T", "Metropolis temperature (eps/k_B; hybrid: the MD's)",
                             "DWSwapSetTemperature", T, &T, &Tset));
  PetscCall(PetscOptionsReal(
      "-swap_skin",
      "skin of the moves' list (sigma; default: the MD list's, mc 0.6 if the box allows)",
      "DWSwapSetFromOptions", swap->skin, &swap->skin, NULL));
  PetscCall(PetscOptionsBool("-swap_tune", "tune delta towards 35% acceptance (mc)",
                             "DWSwapSetTuning", swap->tune, &swap->tune, NULL));
  PetscOptionsEnd();
  if (set) PetscCall(DWSwapSetType(swap, type));
  if (Tset) PetscCall(DWSwapSetTemperature(swap, T));
  PetscCheck(swap->md_steps >= 1, swap->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-swap_md_steps %" PetscInt_FMT " must be at least 1", swap->md_steps);
  PetscCheck(swap->attempts_per_particle >= 0, swap->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-swap_attempts_per_particle %g must be non-negative",
             (double)swap->attempts_per_particle);
  PetscCheck(swap->fraction >= 0 && swap->fraction <= 1, swap->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-swap_fraction %g must lie in [0, 1]", (double)swap->fraction);
  PetscCheck(swap->delta > 0, swap->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-swap_delta %g must be positive", (double)swap->delta);
  swap->setup = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/* Diameter swaps (pss): any two particles with different diameters; at least two must differ. */
static PetscErrorCode SetUpDiameterSwaps(DWSwap swap, const DWParticles *p)
{
  PetscBool all, distinct = PETSC_FALSE;
  DWPotentialType model;

  PetscFunctionBegin;
  PetscCall(PetscStrcmp(swap->pairlist, "all", &all));
  PetscCall(DWPotentialGetType(swap->pot, &model));
  PetscCheck(all, swap->comm, PETSC_ERR_ARG_INCOMP,
             "-swap_pairs %s: model %s swaps the diameters of any two particles, not species; use "
             "-swap_pairs all",
             swap->pairlist, model);
  for (PetscInt i = 1; i < p->N && !distinct; i++)
    distinct = (PetscBool)(p->diameter[i] != p->diameter[0]);
  PetscCheck(distinct, swap->comm, PETSC_ERR_ARG_INCOMP,
             "swap: all %" PetscInt_FMT " particles have the same diameter, nothing to swap", p->N);
  PetscFunctionReturn(0);
}

/* Adds pair type ab (two letters, any case) of -swap_pairs to the list, checked against the
   model's species, the configuration's counts and the types already listed. */
static PetscErrorCode AddPairType(DWSwap swap, const char ab[], PetscInt nspecies)
{
  PetscInt s[2];
  size_t len;
  DWPotentialType model;

  PetscFunctionBegin;
  PetscCall(DWPotentialGetType(swap->pot, &model));
  PetscCall(PetscStrlen(ab, &len));
  PetscCheck(len == 2 && isalpha((unsigned char)ab[0]) && isalpha((unsigned char)ab[1]), swap->comm,
             PETSC_ERR_ARG_WRONG,
             "-swap_pairs %s: unknown pair type '%s'; use all, or species pairs such as AC,BC",
             swap->pairlist, ab);
  for (int c = 0; c < 2; c++) {
    s[c] = toupper((unsigned char)ab[c]) - 'A';
    PetscCheck(s[c] < nspecies, swap->comm, PETSC_ERR_ARG_OUTOFRANGE,
               "-swap_pairs %s: model %s has no species %c", swap->pairlist, model,
               'A' + (char)s[c]);
    PetscCheck(swap->count[s[c]] > 0, swap->comm, PETSC_ERR_ARG_INCOMP,
               "-swap_pairs %s: the configuration has no particle of species %c", swap->pairlist,
               'A' + (char)s[c]);
  }
  PetscCheck(s[0] != s[1], swap->comm, PETSC_ERR_ARG_WRONG,
             "-swap_pairs %s: pair type '%s' needs two different species", swap->pairlist, ab);
  const PetscInt a = PetscMin(s[0], s[1]), b = PetscMax(s[0], s[1]);
  for (PetscInt k = 0; k < swap->npairs; k++)
    PetscCheck(swap->pair[k][0] != a || swap->pair[k][1] != b, swap->comm, PETSC_ERR_ARG_WRONG,
               "-swap_pairs %s: pair type %c%c is listed twice", swap->pairlist, 'A' + (char)a,
               'A' + (char)b);
  swap->pair[swap->npairs][0] = a;
  swap->pair[swap->npairs][1] = b;
  swap->npairs++;
  PetscFunctionReturn(0);
}

/* Species swaps: the pair types of -swap_pairs (all: every pair of species present in the
   configuration) and their cumulative weights N_a N_b, the number of particle pairs of each
   type (see DrawPair in swapmoves.c). */
static PetscErrorCode SetUpSpeciesSwaps(DWSwap swap, const DWParticles *p)
{
  PetscInt nspecies;
  PetscBool all;
  PetscReal M = 0;

  PetscFunctionBegin;
  PetscCall(DWSystemGetNumSpecies(swap->sys, &nspecies));
  PetscCall(PetscStrcmp(swap->pairlist, "all", &all));
  PetscCall(PetscArrayzero(swap->count, DW_MAX_SPECIES));
  for (PetscInt i = 0; i < p->N; i++) swap->count[p->species[i]]++;
  swap->npairs = 0;
  if (all) {
    for (PetscInt a = 0; a < nspecies; a++)
      for (PetscInt b = a + 1; b < nspecies; b++)
        if (swap->count[a] > 0 && swap->count[b] > 0) {
          swap->pair[swap->npairs][0] = a;
          swap->pair[swap->npairs][1] = b;
          swap->npairs++;
        }
    PetscCheck(swap->npairs > 0, swap->comm, PETSC_ERR_ARG_INCOMP,
               "swap: all %" PetscInt_FMT " particles are of one species, nothing to swap", p->N);
  } else {
    PetscToken token;
    char *ab;
    PetscCall(PetscTokenCreate(swap->pairlist, ',', &token));
    PetscCall(PetscTokenFind(token, &ab));
    while (ab) {
      PetscCall(AddPairType(swap, ab, nspecies));
      PetscCall(PetscTokenFind(token, &ab));
    }
    PetscCall(PetscTokenDestroy(&token));
    PetscCheck(swap->npairs > 0, swap->comm, PETSC_ERR_ARG_WRONG,
               "-swap_pairs '%s': no pair type; use all, or species pairs such as AC,BC",
               swap->pairlist);
  }
  for (PetscInt k = 0; k < swap->npairs; k++) {
    M += (PetscReal)swap->count[swap->pair[k][0]] * (PetscReal)swap->count[swap->pair[k][1]];
    swap->cumweight[k] = M;
  }
  PetscFunctionReturn(0);
}

/* The identities a swap exchanges: diameters (a configuration with diameters) or species. */
static PetscErrorCode SetUpPairs(DWSwap swap)
{
  DWParticles p;

  PetscFunctionBegin;
  PetscCall(DWSystemGetParticles(swap->sys, &p));
  swap->species_swaps = (PetscBool)!p.diameter;
  swap->npairs        = 0;
  if (swap->species_swaps)
    PetscCall(SetUpSpeciesSwaps(swap, &p));
  else
    PetscCall(SetUpDiameterSwaps(swap, &p));
  PetscFunctionReturn(0);
}

/* The moves' list skin: -swap_skin, else the MD list's (hybrid: positions change only in the
   MD blocks), or with translations (mc) DW_SWAP_MC_SKIN when the box allows it. */
static PetscErrorCode SetUpSkin(DWSwap swap)
{
  PetscReal skin = DW_NEIGHBOR_DEFAULT_SKIN, rc;
  DWParticles p;

  PetscFunctionBegin;
  if (swap->skin > 0) {
    swap->listskin = swap->skin;
    PetscFunctionReturn(0);
  }
  if (swap->nl) PetscCall(DWNeighborListGetSkin(swap->nl, &skin));
  PetscCall(DWPotentialGetMaxCutoff(swap->pot, &rc));
  PetscCall(DWSystemGetParticles(swap->sys, &p));
  if (swap->ops->translations)
    skin = PetscMax(skin, PetscMin(DW_SWAP_MC_SKIN, 0.999 * (DWBoxHalfWidth(&p.box) - rc)));
  swap->listskin = skin;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapSetUp(DWSwap swap)
{
  DWPotentialType model;

  PetscFunctionBegin;
  PetscCheck(swap->sys && swap->pot, swap->comm, PETSC_ERR_ARG_WRONGSTATE,
             "call DWSwapSetSystem() before DWSwapSetUp()");
  PetscCall(DWPotentialGetSwapRule(swap->pot, &swap->energy));
  PetscCall(DWPotentialGetType(swap->pot, &model));
  PetscCheck(swap->energy, swap->comm, PETSC_ERR_SUP,
             "model %s has no swap rule; swap Monte Carlo supports pss (diameter swaps), tlj and "
             "ka2 (species swaps)",
             model);
  PetscCall(DWPotentialSetUp(swap->pot, swap->sys));
  PetscCall(SetUpPairs(swap));
  if (swap->ops->setup) PetscCall(swap->ops->setup(swap));
  PetscCheck(swap->T > 0, swap->comm, PETSC_ERR_ARG_WRONGSTATE,
             "set the swap Monte Carlo temperature (DWSwapSetTemperature() or -swap_T)");
  PetscCall(SetUpSkin(swap));
  const PetscReal dmax = swap->listskin / (2.0 * PetscSqrtReal(3.0));
  PetscCheck(!swap->ops->translations || swap->delta <= dmax, swap->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "translation step -swap_delta %g exceeds skin / (2 sqrt 3) = %g of the moves' list; "
             "raise -swap_skin",
             (double)swap->delta, (double)dmax);
  PetscCall(DWSwapSetUpMoves(swap));
  swap->setup = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* The MD's forces and neighbour list after swaps changed species or diameters (and rc_ij). */
PetscErrorCode DWSwapRefreshMD(DWSwap swap)
{
  PetscFunctionBegin;
  if (swap->nl) PetscCall(DWNeighborListInvalidate(swap->nl));
  if (swap->md) PetscCall(DWMDSetUp(swap->md));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapBlock(DWSwap swap)
{
  const PetscInt n =
      (PetscInt)PetscFloorReal(swap->attempts_per_particle * swap->particles.N + 0.5);
  PetscInt accepted = 0;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(DW_SWAP_MOVES, 0, 0, 0, 0));
  PetscCall(DWSwapUpdateList(swap));
  for (PetscInt k = 0; k < n; k++) {
    PetscBool acc;
    PetscCall(DWSwapAttemptSwap(swap, &acc));
    accepted += acc;
  }
  PetscCall(PetscLogEventEnd(DW_SWAP_MOVES, 0, 0, 0, 0));
  if (accepted) PetscCall(DWSwapRefreshMD(swap));
  PetscFunctionReturn(0);
}

/* Once at least DW_SWAP_TUNE_WINDOW translations were tried since the last update:
   delta *= sqrt(acceptance / target), the factor bounded to [0.8, 1.25] and delta capped by
   the list skin. The window keeps the noise of the acceptance ~1.5%, the square root damps
   the update. */
static void TuneStep(DWSwap swap)
{
  const PetscReal dmax = swap->listskin / (2.0 * PetscSqrtReal(3.0));

  if (!swap->tune || swap->win_attempts < DW_SWAP_TUNE_WINDOW) return;
  const PetscReal ratio  = (PetscReal)swap->win_accepted / swap->win_attempts;
  const PetscReal factor = PetscSqrtReal(ratio / DW_SWAP_TARGET_ACCEPTANCE);
  swap->delta            = PetscMin(dmax, swap->delta * PetscMin(1.25, PetscMax(0.8, factor)));
  swap->win_attempts = swap->win_accepted = 0;
}

PetscErrorCode DWSwapSweep(DWSwap swap)
{
  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(DW_SWAP_MOVES, 0, 0, 0, 0));
  for (PetscInt k = 0; k < swap->particles.N; k++) {
    if (DWRngUniform(&swap->rng) < swap->fraction)
      PetscCall(DWSwapAttemptSwap(swap, NULL));
    else
      PetscCall(DWSwapAttemptTranslation(swap));
  }
  TuneStep(swap);
  PetscCall(PetscLogEventEnd(DW_SWAP_MOVES, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapRun(DWSwap swap, PetscInt n)
{
  PetscFunctionBegin;
  PetscCheck(n >= 0, swap->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "number of blocks %" PetscInt_FMT " must be non-negative", n);
  if (!swap->setup) PetscCall(DWSwapSetUp(swap));
  PetscCall(swap->ops->run(swap, n));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapGetBlockTime(DWSwap swap, PetscReal *t)
{
  PetscFunctionBegin;
  PetscCall(swap->ops->blocktime(swap, t));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapGetStats(DWSwap swap, DWSwapStats *stats)
{
  PetscFunctionBegin;
  *stats        = swap->stats;
  stats->delta  = swap->delta;
  stats->npairs = swap->npairs;
  PetscCall(PetscArraycpy(&stats->pair[0][0], &swap->pair[0][0], 2 * DW_SWAP_MAX_PAIRS));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapResetStats(DWSwap swap)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(&swap->stats, sizeof(swap->stats)));
  PetscFunctionReturn(0);
}

static PetscReal Ratio(PetscInt accepted, PetscInt attempts)
{
  return attempts ? (PetscReal)accepted / attempts : 0;
}

PetscErrorCode DWSwapView(DWSwap swap, PetscViewer viewer)
{
  DWSwapStats s;
  char rule[64], name[3];

  PetscFunctionBegin;
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(swap->comm, &viewer));
  PetscCall(DWSwapGetStats(swap, &s));
  if (!swap->setup)
    PetscCall(PetscSNPrintf(rule, sizeof(rule), "-swap_pairs %s", swap->pairlist));
  else if (!swap->species_swaps)
    PetscCall(PetscStrncpy(rule, "diameters", sizeof(rule)));
  else {
    PetscCall(PetscStrncpy(rule, "species, pair types", sizeof(rule)));
    for (PetscInt k = 0; k < s.npairs; k++) {
      DWSwapStatsPairName(&s, k, name);
      PetscCall(PetscStrlcat(rule, k ? ", " : " ", sizeof(rule)));
      PetscCall(PetscStrlcat(rule, name, sizeof(rule)));
    }
  }
  PetscCall(swap->ops->view(swap, viewer, rule));
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "  swaps: %" PetscInt_FMT " / %" PetscInt_FMT " accepted (%.4g)\n", s.swap_accepted,
      s.swap_attempts, (double)Ratio(s.swap_accepted, s.swap_attempts)));
  for (PetscInt k = 0; k < s.npairs; k++) {
    DWSwapStatsPairName(&s, k, name);
    PetscCall(PetscViewerASCIIPrintf(
        viewer, "    %s: %" PetscInt_FMT " / %" PetscInt_FMT " accepted (%.4g)\n", name,
        s.pair_accepted[k], s.pair_attempts[k],
        (double)Ratio(s.pair_accepted[k], s.pair_attempts[k])));
  }
  if (swap->ops->translations)
    PetscCall(PetscViewerASCIIPrintf(
        viewer, "  translations: %" PetscInt_FMT " / %" PetscInt_FMT " accepted (%.4f)\n",
        s.move_accepted, s.move_attempts, (double)Ratio(s.move_accepted, s.move_attempts)));
  PetscFunctionReturn(0);
}
