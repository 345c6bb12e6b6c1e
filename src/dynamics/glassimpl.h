/* Private layout of DWGlass (see include/dwell/glass.h) and its time series. */
#pragma once
#include <dwell/glass.h>
#include "dynamics/mdimpl.h"

/* A time series of `ncols` columns (column c at data + c cap), at most cap rows: when full,
   every second row is dropped and the interval between rows doubles. */
typedef struct {
  PetscInt ncols, n, cap, interval;
  PetscReal *data;
} DWSeries;

PetscErrorCode DWSeriesCreate(PetscInt ncols, PetscInt cap, PetscInt interval, DWSeries *s);
PetscErrorCode DWSeriesDestroy(DWSeries *s);
PetscErrorCode DWSeriesAdd(DWSeries *s, const PetscReal row[]);
static inline PetscReal *DWSeriesColumn(const DWSeries *s, PetscInt c)
{
  return s->data + c * s->cap;
}

/* Columns of the equilibration record and of the quench record. */
enum {
  EQ_TIME,
  EQ_U,
  EQ_T,
  EQ_P,
  EQ_SWAP_ACC,
  EQ_MOVE_ACC,
  EQ_DELTA,
  EQ_TAU,
  EQ_TAU_EARLIER,
  EQ_NCOLS
};
enum { Q_TIME, Q_TTARGET, Q_T, Q_U, Q_P, Q_NCOLS };

typedef enum { DW_GLASS_DYN_SWAP, DW_GLASS_DYN_MD } DWGlassDynamics;

struct _p_DWGlass {
  MPI_Comm comm;
  DWPotential pot;
  DWPotentialType model; /* pot's type name ("" until set), owned by pot */
  DWNeighborList nl;
  DWMD md, qmd;
  DWSwap swap; /* NULL for plain MD */
  DWSelfScattering fs;
  DWSystem sys, eq; /* the running system; a copy of the equilibrated one */
  PetscReal *eqv;   /* velocities of the equilibrated configuration */
  DWGlassStage stage;
  DWGlassDynamics dynamics;
  PetscBool mc; /* swap scheme mc: blocks are sweeps */
  /* settings */
  PetscInt N, seed;
  PetscReal T_f, T_exp;
  PetscInt nblocks, min_blocks, max_blocks, relax_steps, md_block_steps;
  PetscInt sample_interval, record_interval, record_max;
  PetscReal ntau, tau_tolerance, quench_rate, quench_time, quench_tau_T;
  char quench_thermostat[32];
  PetscReal checkpoint_interval, progress_interval;
  char *identity;
  PetscErrorCode (*write)(DWGlass, void *);
  void *writectx;
  /* state of the equilibration */
  PetscInt blocks;
  PetscReal block_time;  /* time of one block (tau; 1 for mc: sweeps) */
  PetscReal swapstat[4]; /* swap attempts, accepted, translations, accepted since the start
                            (the DWSwap's counters are reset at each row: no overflow) */
  PetscReal pairstat[DW_SWAP_MAX_PAIRS][2]; /* attempts, accepted of each species pair type */
  char pairnames[3 * DW_SWAP_MAX_PAIRS];    /* the pair types, e.g. "AB,AC,BC" (output) */
  /* copies of the state held by the checkpoint fields */
  PetscInt ck_ints[4], fs_ints[5], rec_ints[2];
  PetscReal ck_md[2], fs_reals[3], swap_delta, box;
  struct {
    PetscReal L;
    PetscInt N, nspecies;
  } cfg[2]; /* attributes of the output's config and equilibrated groups */
  uint64_t ck_rng[4];
  PetscReal *pack; /* the record packed row by row */
  DWSeries eqrec, qrec;
  /* results */
  DWGlassResults res;
  PetscReal *fst[2], *fsF[2];
  PetscInt *fsc[2], fsn[2];
  PetscReal k, U_eq[2], U_window[2], P_glass, P_eq, T_eq;
  PetscInt equilibrated_int;
  PetscReal *Urun;
  /* wall clock */
  PetscLogDouble wall_start, wall_ckpt, wall_progress;
  PetscReal frac_start;
};

/* The proof of equilibrium at time t: the run spans ntau tau_alpha (origins of [t/2, t)) and
   tau_alpha of the origins of [t/4, t/2) agrees within the tolerance (stationarity). */
static inline PetscBool DWGlassProven(DWGlass g, PetscReal t, PetscReal tau, PetscReal tau_earlier)
{
  return (PetscBool)(tau > 0 && tau_earlier > 0 && t >= g->ntau * tau &&
                     PetscAbsReal(tau_earlier / tau - 1) <= g->tau_tolerance);
}

/* glassfield.c: positions, species, diameters (if any) and velocities v of sys as fields
   group/positions etc. */
PetscErrorCode DWGlassAddConfigFields(DWFieldList *list, const char group[], DWSystem sys,
                                      const PetscReal v[]);
/* glassrecord.c: the results, after the quench. */
PetscErrorCode DWGlassComputeResults(DWGlass glass);
/* glass.c: rebuilds the neighbour lists, forces and swap moves from the configuration alone. */
PetscErrorCode DWGlassSynchronize(DWGlass glass);
