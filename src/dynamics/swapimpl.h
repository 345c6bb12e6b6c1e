/* Private layout of DWSwap and its move kernels (swapmoves.c).

   The moves need, for a particle i, every neighbour within the model's largest cutoff
   whatever the species or diameters (a swap changes rc_ij): a private half Verlet list
   with r_cut = the model's maximum cutoff and no per-pair cutoff, expanded into a full
   (both directions) list in CSR form. The list stays exact while every particle lies
   within skin/2 of its position at the build; a translation whose trial position would
   leave that sphere triggers a rebuild first, and the step is capped at
   delta <= skin / (2 sqrt 3) so that any trial step fits in the sphere after a rebuild. */
#pragma once
#include <dwell/swap.h>
#include <dwell/registry.h>
#include "dynamics/mdimpl.h"

/* A scheme (registered by name in swap.c): how a run alternates the moves. */
typedef struct _DWSwapOps *DWSwapOps;
struct _DWSwapOps {
  /* PETSC_TRUE when the scheme translates particles (mc): the moves' list then gets a larger
     automatic skin and the step delta is capped by it */
  PetscBool translations;
  /* checks against the rest of the set-up (may be NULL) */
  PetscErrorCode (*setup)(DWSwap);
  /* n blocks (hybrid) or sweeps (mc), after the set-up */
  PetscErrorCode (*run)(DWSwap, PetscInt);
  /* simulated time of one block (tau), 0 for sweeps */
  PetscErrorCode (*blocktime)(DWSwap, PetscReal *);
  /* the first line of DWSwapView(), with the swap rule described as rule */
  PetscErrorCode (*view)(DWSwap, PetscViewer, const char rule[]);
};

struct _p_DWSwap {
  MPI_Comm comm;
  DWSystem sys;
  DWPotential pot;
  DWNeighborList nl; /* the MD's list, invalidated after swaps (may be NULL) */
  DWMD md;
  char type[DW_REGISTRY_NAME_LEN];
  struct _DWSwapOps ops[1];
  PetscInt md_steps;
  PetscReal attempts_per_particle, fraction;
  PetscReal T, delta, skin; /* skin <= 0: automatic */
  PetscBool Tset;           /* T set by the user (hybrid: else the MD's) */
  PetscBool tune;
  char pairlist[64]; /* -swap_pairs: "all" or species pair types, e.g. "AC,BC" */
  DWRng rng;
  DWSwapStats stats;
  PetscInt win_attempts, win_accepted; /* translations since the last step tuning */
  PetscBool setup;
  /* what the moves read, fetched at the set-up and at each list update and build */
  DWParticles particles;     /* the system's arrays */
  DWParticleEnergyFn energy; /* the model's swap rule */
  DWNeighborPairs pairs;     /* mcnl's pairs */
  /* full neighbour list of the moves */
  DWNeighborList mcnl;
  PetscReal listskin;                          /* the skin in use */
  PetscInt nbuilds;                            /* mcnl builds already expanded */
  PetscReal rc2;                               /* the model's largest cutoff, squared */
  PetscInt *fstart, *fj, fcap, maxdeg, *fnext; /* fnext: scratch of the expansion */
  unsigned char *fimage;
  /* rows: neighbours within the largest cutoff and their squared distances */
  PetscInt *rowj[2], rowcap;
  PetscReal *rowr2[2];
  /* species swaps (the configuration has no diameters): the particles of each species,
     members[s][0..count[s]), slot[i] = index of particle i in its species' array; the pair
     types tried, species pair[k][0] < pair[k][1], and their cumulative weights N_a N_b */
  PetscBool species_swaps;
  PetscInt *memberbuf, *members[DW_MAX_SPECIES], count[DW_MAX_SPECIES], *slot;
  PetscInt npairs, pair[DW_SWAP_MAX_PAIRS][2];
  PetscReal cumweight[DW_SWAP_MAX_PAIRS];
};

/* Target acceptance of the translations when tuning delta (DESIGN.md section 3.1). */
#define DW_SWAP_TARGET_ACCEPTANCE 0.35
#define DW_SWAP_TUNE_WINDOW       1000
/* Automatic skin of the moves' list in the mc scheme (as far as the box allows): translations
   move particles off their build positions, and a larger skin makes rebuilds rare. */
#define DW_SWAP_MC_SKIN 0.6

/* The block of n_swap swap attempts of the hybrid scheme, the sweep of N attempts of the mc
   scheme (swap.c), and the update of the MD after the moves changed the system. */
PetscErrorCode DWSwapBlock(DWSwap swap);
PetscErrorCode DWSwapSweep(DWSwap swap);
PetscErrorCode DWSwapRefreshMD(DWSwap swap);

/* swapmoves.c */
PetscErrorCode DWSwapSetUpMoves(DWSwap swap);
PetscErrorCode DWSwapDestroyMoves(DWSwap swap);
/* Brings the full list up to date with the current positions (hybrid scheme, once per block). */
PetscErrorCode DWSwapUpdateList(DWSwap swap);
/* One swap attempt / one translation attempt with the Metropolis test; *accepted may be NULL. */
PetscErrorCode DWSwapAttemptSwap(DWSwap swap, PetscBool *accepted);
PetscErrorCode DWSwapAttemptTranslation(DWSwap swap);

/* Energy changes from the per-particle energies, the system left unchanged (also for tests):
   of exchanging the identities (species and diameters) of i and j, and of moving particle i
   by d. Not collective. */
PetscErrorCode DWSwapComputeSwapEnergy(DWSwap swap, PetscInt i, PetscInt j, PetscReal *dU);
PetscErrorCode DWSwapComputeTranslationEnergy(DWSwap swap, PetscInt i, const PetscReal d[3],
                                              PetscReal *dU);
