/* Glass preparation ([PRL20]; [JCP23] II.B-C; DESIGN.md sections 3-5): equilibrate the
   supercooled liquid at the fictive temperature T_f, prove it equilibrated, quench it with
   MD to the exploration temperature T_exp.

   1. relax: a random configuration (random sequential addition, pairs down to 0.7 s_ij)
      has its overlaps removed by short Berendsen MD at small time step (DWMDRelax, at T_f,
      -glass_relax_steps), then Maxwell-Boltzmann velocities at T_f.
   2. equilibrate at T_f in blocks: hybrid swap MC/MD (default for pss, tlj, ka2: 10 MD
      steps at dt = 5e-3 with a Nose-Hoover thermostat, then 1.75 N swap attempts), pure
      MC (-swap_type mc, a block is one sweep, times in sweeps, the translation step tuned
      towards 35% acceptance unless -swap_tune is given) or plain MD
      (-glass_dynamics md: the fallback, and the only dynamics of ka, lj, harmonic).
      F_s(k, t) (DWSelfScattering, k = 7.0 pss, 7.2 ternary) is sampled every -glass_sample_interval
      blocks, so tau_alpha is that of the dynamics used (swap: the accelerated one). A
      record row (time, U/N, T, P, acceptance ratios, running tau_alpha) is kept every
      -glass_record_interval samples; at most -glass_record_max rows, thinned by two (and
      the interval doubled) when full. The run lasts -glass_blocks blocks or, by default,
      until it is proven equilibrated, within -glass_min_blocks and -glass_max_blocks:
      its length t spans -glass_tau_alpha (default 10) times tau_alpha measured from the
      time origins of its second half [t/2, t), and the dynamics is stationary: tau_alpha
      of the origins of the quarter before, [t/4, t/2), agrees with it within
      -glass_tau_tolerance (default 15%). An ageing liquid (tau_alpha growing with the age)
      fails the second test even when its run spans many tau_alpha. The mean U/N of the
      two windows, and the running mean of U/N over [t/2, t], document the energy plateau.
   3. quench with MD (-glass_quench_thermostat, default berendsen): instantaneous
      (-glass_quench_rate 0, velocities redrawn at T_exp) or a linear ramp of the
      thermostat from T_f at the given rate, then -glass_quench_time tau at T_exp.
   Results: the equilibrated configuration, the glass (positions and velocities), the
   records, F_s of the two windows and their tau_alpha.

   Checkpoints: the equilibration reaches a synchronisation point at each record row:
   the MD neighbour list is rebuilt, the forces recomputed and the swap moves set up
   again, so that the state afterwards is a function of what a checkpoint holds
   (positions, species or diameters, velocities, thermostat state, random streams, F_s,
   records). A run restored from a checkpoint written at a synchronisation point
   therefore continues bit-identically to an uninterrupted one (except the mc scheme while
   it tunes its translation step, which DWSwap cannot restore: statistically equivalent).
   Checkpoints are due every -glass_checkpoint_interval seconds of wall clock (decided on
   rank 0); the writer is a callback (files are the business of src/io).

   Random streams: (seed, DW_STAGE_GLASS, 0, run) with run 0 for the equilibration MD and
   the relaxation, 1 for the swap moves and 2 for the quench; the configuration from
   DWPotentialCreateRandomSystem(seed).

   A DWGlass is replicated on the ranks of its communicator like its DWSystem. */
#pragma once
#include <dwell/selfscattering.h>
#include <dwell/swap.h>

typedef struct _p_DWGlass *DWGlass;

typedef enum { DW_GLASS_RELAX, DW_GLASS_EQUILIBRATE, DW_GLASS_QUENCH, DW_GLASS_DONE } DWGlassStage;

/* A named array handed to the file writers: dataset `name` ("group/name", groups created
   as needed), or, when attribute is true, an attribute of that group (of the root when the
   name has no '/'). rank 0 is a scalar; data is not owned unless the list owns it. */
typedef enum { DW_FIELD_REAL, DW_FIELD_INT, DW_FIELD_UINT64, DW_FIELD_STRING } DWFieldType;
typedef struct {
  char name[96];
  DWFieldType type;
  int rank;         /* 0, 1 or 2 */
  PetscInt dims[2]; /* rows, columns */
  void *data;       /* PetscReal, PetscInt, uint64_t or a NUL-terminated string */
  const char *units, *description;
  PetscBool attribute;
} DWField;

typedef struct {
  PetscInt n, cap;
  DWField *f;
  PetscBool owned; /* data allocated by the list (DWFieldListAddOwned) */
} DWFieldList;

/* Not collective. Appends a field referencing `data` (rank from dims: rows < 0 scalar,
   cols <= 0 1-D). Units and description must outlive the list (string literals). */
PetscErrorCode DWFieldListAdd(DWFieldList *list, const char name[], DWFieldType type, PetscInt rows,
                              PetscInt cols, const void *data, const char units[],
                              const char description[]);
PetscErrorCode DWFieldListAddAttribute(DWFieldList *list, const char name[], DWFieldType type,
                                       const void *data);
/* Appends a field whose data the list allocates (rows x max(cols, 1) elements, a string of
   `rows` characters + 1 for DW_FIELD_STRING) and returns it. */
PetscErrorCode DWFieldListAddOwned(DWFieldList *list, const char name[], DWFieldType type, int rank,
                                   const PetscInt dims[2], void **data);
/* The data of field `name`, checked to have the type and (when rows >= 0) the rows and
   columns given; errors naming the field when missing or different. */
PetscErrorCode DWFieldListGet(const DWFieldList *list, const char name[], DWFieldType type,
                              PetscInt rows, PetscInt cols, void **data);
PetscErrorCode DWFieldListFind(const DWFieldList *list, const char name[], const DWField **field);
PetscErrorCode DWFieldListDestroy(DWFieldList *list);

/* Collective. */
PetscErrorCode DWGlassCreate(MPI_Comm comm, DWGlass *glass);
PetscErrorCode DWGlassDestroy(DWGlass *glass);
PetscErrorCode DWGlassGetComm(DWGlass glass, MPI_Comm *comm);
/* The model (owned by the glass; set it with DWPotentialSetType or DWGlassSetFromOptions). */
PetscErrorCode DWGlassGetPotential(DWGlass glass, DWPotential *pot);
/* N <= 0: the model's default (pss 1500, tlj and ka2 1200, ka 1000, lj and harmonic 1000). */
PetscErrorCode DWGlassSetSize(DWGlass glass, PetscInt N);
/* T_f > 0; T_exp <= 0: the model's default (pss 0.04, tlj and ka2 0.4; others must give it). */
PetscErrorCode DWGlassSetTemperatures(DWGlass glass, PetscReal T_f, PetscReal T_exp);
PetscErrorCode DWGlassSetSeed(DWGlass glass, PetscInt seed);
/* Not collective. The model's defaults: N and T_exp of the papers (T_exp 0: none), and the
   onset temperature T_onset above which a fictive temperature is not a supercooled liquid's
   (0: no bound); see src/dynamics/glass.c. Errors for an unknown model. */
PetscErrorCode DWGlassGetModelDefaults(const char model[], PetscInt *N, PetscReal *T_exp,
                                       PetscReal *T_onset);
/* Collective. Reads the model (-model and its options), -glass_*, the MD (-md_*), swap
   (-swap_*), F_s (-fs_*) and neighbour-list (-nl_*) options. Errors before any work when
   a swap is asked (-glass_dynamics swap or -swap_* options) of a model without a swap rule. */
PetscErrorCode DWGlassSetFromOptions(DWGlass glass);
/* Collective. Checks the settings (errors name the offending value) and creates the random
   configuration; no dynamics yet. */
PetscErrorCode DWGlassSetUp(DWGlass glass);
/* A string identifying the run (the options that determine the result), written into
   checkpoints and compared when restoring. */
PetscErrorCode DWGlassSetIdentity(DWGlass glass, const char identity[]);
PetscErrorCode DWGlassGetIdentity(DWGlass glass, const char *identity[]);
/* The checkpoint writer write(glass, ctx) (collective), called every
   -glass_checkpoint_interval seconds of the equilibration (0: never) and once when it ends. */
PetscErrorCode DWGlassSetCheckpointFunction(DWGlass glass, PetscErrorCode (*write)(DWGlass, void *),
                                            void *ctx);
/* Collective. Runs the remaining stages (all of them after DWGlassSetUp, the rest after a
   restore), printing progress lines on stderr every -glass_progress_interval seconds. */
PetscErrorCode DWGlassSolve(DWGlass glass);
PetscErrorCode DWGlassGetStage(DWGlass glass, DWGlassStage *stage);

typedef struct {
  PetscReal tau_alpha;            /* origins of the second half [t/2, t) of the run (time unit) */
  PetscReal tau_alpha_earlier;    /* origins of [t/4, t/2): smaller when the liquid ages */
  PetscReal duration;             /* equilibration length (time unit) */
  PetscReal run_length_tau_alpha; /* duration / tau_alpha (0 if F_s never fell below 1/e) */
  PetscInt blocks;
  PetscBool equilibrated;     /* spans -glass_tau_alpha tau_alpha, tau_alpha stationary */
  PetscReal U_equilibrated;   /* U/N of the equilibrated configuration (eps) */
  PetscReal U_glass, T_glass; /* U/N (eps) and kinetic temperature of the glass */
  const char *time_unit;      /* "tau" or "sweeps" */
  /* swap dynamics: attempts and accepted swaps of the equilibration, in total and for each of
     the swap_npairs species pair types (names such as "AC"; none for diameter swaps or md) */
  PetscReal swap_attempts, swap_accepted;
  PetscInt swap_npairs;
  char swap_pair[DW_SWAP_MAX_PAIRS][3];
  PetscReal swap_pair_attempts[DW_SWAP_MAX_PAIRS], swap_pair_accepted[DW_SWAP_MAX_PAIRS];
} DWGlassResults;

/* After DWGlassSolve. */
PetscErrorCode DWGlassGetResults(DWGlass glass, DWGlassResults *res);
/* The equilibrated configuration and the glass (owned by the glass; valid after Solve). */
PetscErrorCode DWGlassGetSystems(DWGlass glass, DWSystem *equilibrated, DWSystem *quenched);
/* Not collective. The state at the last synchronisation point, as fields referencing the
   glass's memory (valid until the glass runs again); the caller destroys the list. */
PetscErrorCode DWGlassGetCheckpointFields(DWGlass glass, DWFieldList *list);
/* Collective. Restores a state from checkpoint fields (after DWGlassSetUp); errors when the
   identity, N or the model differ. */
PetscErrorCode DWGlassRestore(DWGlass glass, const DWFieldList *list);
/* Not collective. Everything the glass file holds (after DWGlassSolve): /config (the glass,
   readable by DWSystemReadHDF5), /equilibrated, /record, /record/fs, /quench, and root
   attributes; references the glass's memory. */
PetscErrorCode DWGlassGetOutputFields(DWGlass glass, DWFieldList *list);
PetscErrorCode DWGlassView(DWGlass glass, PetscViewer viewer);

/* Not collective. Registers the logging events of this module (PetscLogEventRegister; a no-op
   the second time). Every rank of a campaign calls it at start-up (src/app/logevents.c), so that
   -log_view sums the same event on every rank even where only workers run the module. */
PetscErrorCode DWGlassLogRegister(void);
