/* Swap Monte Carlo for glass preparation (DESIGN.md section 4; [JCP23] II.C; Ninarello,
   Berthier, Coslovich PRX 7, 021039 (2017); Parmar, Ozawa, Berthier PRL 125, 085505 (2020);
   Berthier et al. J. Stat. Mech. (2019) 064004).

   Two schemes (-swap_type):
     hybrid  blocks of n_md MD steps (the DWMD given, with its thermostat) alternating with
             n_swap = -swap_attempts_per_particle (default 1.75) x N attempted swaps
             (-swap_md_steps, default 10, at dt = 5e-3 as in JCP23);
     mc      pure Monte Carlo: each attempt is a swap with probability -swap_fraction
             (default 0.2), else a translation of one particle by a uniform displacement in
             [-delta, delta]^3, delta tuned during equilibration to ~35% acceptance.
   A swap exchanges the identities of two particles: the diameters of two random particles
   with different diameters (pss), or the species of two particles of different species
   (tlj, ka2). Species swaps are tried on the pair types of -swap_pairs: all (default: every
   pair of different species, AB, AC and BC for the ternary model) or a list such as AC,BC.
   The two particles are drawn uniformly among all pairs of particles whose species form
   one of these pair types: a pair type with probability N_a N_b / M (M = sum over the types
   of N_a N_b), then one particle of each species. Every allowed pair thus has probability
   1/M, the same for the reverse move (an exchange keeps the species counts, hence M), so the
   proposal is symmetric and Metropolis acceptance min(1, exp(-dU / T)) obeys detailed
   balance. It is the same as drawing two random particles and redrawing until their species
   form an allowed pair type. dU comes from the energies of the two particles with their
   neighbours only (never a full recomputation). Attempts and acceptances are counted per
   pair type (DWSwapStats): in the ternary model A-C and B-C carry the acceptance (~5e-3 at
   T = 1), A-B (a small for a large particle) is ~0. The default tries every pair type the
   model has, so that no exchange is left out; in the 4:1:1 mixture 4/9 of the attempts are
   then A-B, nearly all rejected: -swap_pairs AC,BC spends them on the useful types, and
   samples the same distribution (A-C and B-C exchanges compose into A-B ones). Asking a
   swap of a model without a swap rule is an error.

   delta is tuned (towards 35% acceptance, every >= 1000 translations) only while tuning is
   on (DWSwapSetTuning, -swap_tune): during equilibration. Production runs keep delta
   fixed, so that they are a proper Markov chain. The moves use their own full neighbour
   list with the model's largest cutoff (a swap changes rc_ij) and skin -swap_skin (default:
   the MD list's; mc: 0.6 where the box allows, fewer rebuilds); delta is capped at
   skin / (2 sqrt 3), so that a trial move never leaves the list's reach.
   After swaps the MD forces are recomputed (DWMDSetUp) and the MD neighbour list is
   invalidated, since rc_ij changed.

   A DWSwap is sequential, replicated like its DWSystem. */
#pragma once
#include <dwell/md.h>

typedef struct _p_DWSwap *DWSwap;
typedef const char *DWSwapType;
#define DWSWAP_HYBRID "hybrid"
#define DWSWAP_MC     "mc"

/* Most species pair types of species swaps. */
#define DW_SWAP_MAX_PAIRS (DW_MAX_SPECIES * (DW_MAX_SPECIES - 1) / 2)

typedef struct {
  PetscInt swap_attempts, swap_accepted;
  PetscInt move_attempts, move_accepted; /* translations (mc scheme) */
  PetscReal delta;                       /* current translation step (sigma) */
  /* species swaps: the npairs pair types tried (species pair[k][0] < pair[k][1]; 0 before
     the set-up and for diameter swaps) and their attempts and accepted swaps */
  PetscInt npairs, pair[DW_SWAP_MAX_PAIRS][2];
  PetscInt pair_attempts[DW_SWAP_MAX_PAIRS], pair_accepted[DW_SWAP_MAX_PAIRS];
} DWSwapStats;

/* The name of pair type k of the stats, two species letters such as "AC". */
static inline void DWSwapStatsPairName(const DWSwapStats *s, PetscInt k, char name[3])
{
  name[0] = (char)('A' + s->pair[k][0]);
  name[1] = (char)('A' + s->pair[k][1]);
  name[2] = 0;
}

/* Collective. */
PetscErrorCode DWSwapCreate(MPI_Comm comm, DWSwap *swap);
PetscErrorCode DWSwapDestroy(DWSwap *swap);
/* hybrid (default) or mc; errors on another name, listing the registered ones. */
PetscErrorCode DWSwapSetType(DWSwap swap, DWSwapType type);
PetscErrorCode DWSwapGetType(DWSwap swap, DWSwapType *type);
/* The system and model (references). nl is the MD's neighbour list, invalidated after swaps
   (may be NULL when no MD uses the system). The hybrid scheme also needs the DWMD (its
   thermostat sets the temperature of the MD blocks). */
PetscErrorCode DWSwapSetSystem(DWSwap swap, DWSystem sys, DWPotential pot, DWNeighborList nl);
PetscErrorCode DWSwapSetMD(DWSwap swap, DWMD md);
/* Temperature of the Metropolis test (eps/k_B). hybrid: defaults to the MD's temperature at
   each run (so it follows DWMDSetTemperature), and must equal it. */
PetscErrorCode DWSwapSetTemperature(DWSwap swap, PetscReal T);
/* mc: the translation step delta (sigma; default 0.05), e.g. restored from a checkpoint. */
PetscErrorCode DWSwapSetTranslationStep(DWSwap swap, PetscReal delta);
/* mc: tune delta towards 35% acceptance during the following runs (default off). */
PetscErrorCode DWSwapSetTuning(DWSwap swap, PetscBool tune);
PetscErrorCode DWSwapSetRng(DWSwap swap, const DWRng *rng);
PetscErrorCode DWSwapGetRng(DWSwap swap, DWRng *rng);
/* Reads -swap_type, -swap_md_steps, -swap_attempts_per_particle, -swap_fraction,
   -swap_pairs (all, or species pair types such as AC,BC), -swap_delta, -swap_T, -swap_skin,
   -swap_tune. */
PetscErrorCode DWSwapSetFromOptions(DWSwap swap);
/* Collective. Checks that the model has a swap rule (error naming the model if not) and the
   options (-swap_pairs against the model's species and the configuration's counts), and
   builds the moves' neighbour list. DWSwapRun calls it the first time; call it
   again after other code changed species or diameters (positions may change freely). */
PetscErrorCode DWSwapSetUp(DWSwap swap);
/* hybrid: n blocks (n_md MD steps + n_swap swap attempts each); mc: n sweeps of N attempts.
   Leaves the MD (if set) ready to step: forces of the final configuration. */
PetscErrorCode DWSwapRun(DWSwap swap, PetscInt n);
/* Simulated time of one block (hybrid: n_md dt, tau) or sweep (mc: 0). */
PetscErrorCode DWSwapGetBlockTime(DWSwap swap, PetscReal *t);
/* Counts since creation or the last reset (delta is the current step), in total and per
   pair type (the pair types are known after the set-up). */
PetscErrorCode DWSwapGetStats(DWSwap swap, DWSwapStats *stats);
PetscErrorCode DWSwapResetStats(DWSwap swap);
PetscErrorCode DWSwapView(DWSwap swap, PetscViewer viewer);
/* Registry of schemes: a new one is a create function that fills the scheme's ops (see
   src/dynamics/swapschemes.c) plus one line in DWSwapRegisterAll(). Not collective. */
PetscErrorCode DWSwapRegister(const char name[], PetscErrorCode (*create)(DWSwap));
PetscErrorCode DWSwapRegisterAll(void);
/* Not collective. The names of the schemes joined by sep (e.g. ", ") in buf. */
PetscErrorCode DWSwapListTypes(const char sep[], char buf[], size_t len);
