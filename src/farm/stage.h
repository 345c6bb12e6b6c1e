/* The stages of a campaign (issue 14): each kind of task is one DWStageOps, registered in the
   table of src/farm/stage.c, which says how the stage's tasks are enumerated in the DAG and
   what they depend on (master), how one runs (worker), and how its records are read, laid
   out and written into library.h5 (collect). The DAG, the worker, the collect, status and
   progress loop over the table; adding a stage is one file with its DWStageOps and one line
   in the table. Stages are ordered by kind: a stage's inputs are records of earlier kinds
   of the same sample. Not collective, except write (collective on the library's
   communicator). */
#pragma once
#include "farm/collect.h"
#include <dwell/potential.h>

/* How a stage's tasks sit in the master's DAG. */
typedef struct {
  /* the number of tasks of sample s, -1 while it is not known (neb: before the merge) */
  PetscInt (*count)(const DWDag *dag, PetscInt s);
  /* whether the inputs of the tasks of sample s are settled, so that they may be queued */
  PetscBool (*ready)(const DWDag *dag, PetscInt s);
  /* NULL or: appends the input locations of task o->key to o->inputs */
  PetscErrorCode (*inputs)(const DWDag *dag, DWTaskOrder *o);
  /* NULL or: a done record arrived; n is what children read from it */
  PetscErrorCode (*recorded)(DWDag *dag, DWTaskKey key, PetscInt n);
  /* NULL or: the number of tasks a done payload (after its key) creates in a later stage,
     read by the worker for its report and by the master from the shards at a restart */
  PetscErrorCode (*children)(DWUnpack *u, int64_t *n);
} DWStageDagOps;

/* How a stage's records become part of library.h5. */
typedef struct {
  /* NULL or: keeps what the library needs of a done record in col (*ok false: the record
     does not fit the campaign and is left out); counts every rank needs go into e->c */
  PetscErrorCode (*keep)(DWCollection *col, DWCollectEntry *e, DWUnpack *u, PetscBool *ok);
  /* NULL or: what a failure record says (after its key), into e->c */
  PetscErrorCode (*keep_failed)(DWCollectEntry *e, DWUnpack *u);
  /* NULL or: keeps only the records of this rank that won (DWCollectIsWinner) */
  PetscErrorCode (*winners)(DWCollection *col, PetscInt nw, const DWCollectEntry w[]);
  /* NULL or: allocates the stage's layout (every rank) */
  PetscErrorCode (*layout_create)(DWCollection *col);
  /* NULL or: the layout of a winning record (every rank, from the gathered entries, in
     kind order) */
  PetscErrorCode (*layout)(DWCollection *col, const DWCollectEntry *e);
  /* NULL or: whether a winning record has its place in the layout (neb: its merge is there);
     the kept records without one are dropped */
  PetscBool (*placed)(const DWCollection *col, const DWCollectEntry *e);
  PetscErrorCode (*drop_unplaced)(DWCollection *col);
  /* the tasks of sample s the campaign knows, from the layout */
  PetscInt (*known)(const DWCollection *col, PetscInt s);
  /* NULL or: writes the stage's tables (collective on the library's communicator) */
  PetscErrorCode (*write)(DWCampaignLibrary f, const DWCollection *col);
  /* NULL or: frees what keep and layout_create allocated */
  PetscErrorCode (*free)(DWCollection *col);
} DWStageCollectOps;

typedef struct {
  const char *name; /* in status, progress, failure lists and /campaign/tasks */
  int kind;         /* its DWTaskKind */
  PetscBool blocks; /* a task of it given up means the later stages of its sample never run */
  /* NULL (always) or whether campaign c runs the stage; a stage that is off has no tasks
     and is absent from status, progress and the library */
  PetscBool (*enabled)(DWCampaign c);
  const DWStageDagOps *dag;
  /* Worker: runs the task on in[] (the payloads of its inputs after their keys) into out
     (after its key); *failed and reason for a failure that is not an error */
  PetscErrorCode (*run)(DWCampaign c, const DWTaskOrder *o, DWUnpack in[], DWPack *out,
                        PetscBool *failed, char reason[], size_t len);
  const DWStageCollectOps *collect;
  /* a failure that run reports itself (not an error) would be the same on every attempt (the
     task is deterministic): the task is given up at once instead of after max_attempts */
  PetscBool final_failures;
} DWStageOps;

/* The stage of kind k (NULL outside 1 .. DW_TASK_NKINDS - 1). */
const DWStageOps *DWStageGet(int kind);
/* Whether campaign c runs the stage of kind k. */
PetscBool DWStageEnabled(DWCampaign c, int kind);
/* The enabled stages, in kind order, separated by commas ("glass,explore,merge,neb"). */
PetscErrorCode DWStageList(DWCampaign c, char list[], size_t len);

/* The parts of the four stages of issue 7 (assembled in src/farm/stage.c): DAG ops in dag.c,
   collect ops in collectread.c */
extern const DWStageDagOps DWDagGlassOps, DWDagExploreOps, DWDagMergeOps, DWDagNEBOps;
/* The stages added after issue 7, each in its own file. */
extern const DWStageOps DWStageModes;   /* stagemodes.c */
extern const DWStageOps DWStageElastic; /* stageelastic.c */
extern const DWStageOps DWStagePull;    /* stagepull.c */
extern const DWStageCollectOps DWCollectGlassOps, DWCollectExploreOps, DWCollectMergeOps,
    DWCollectNEBOps;

/* The collection of a stage whose done records are one row each, of one size (elastic, pull;
   src/farm/stagerows.c), kept in col->data[kind]: the records this rank keeps (e, rows) and,
   on every rank, whether task (s, index) has a winning done record (done, S x per). */
typedef struct {
  PetscInt n;        /* records this rank keeps */
  DWCollectEntry *e; /* n */
  void *rows;        /* n rows of size bytes (the stage's own row type) */
  size_t size;
  PetscInt per;    /* tasks per sample */
  PetscBool *done; /* S x per */
} DWStageRows;
/* NULL before the first record or layout. */
DWStageRows *DWStageRowsGet(const DWCollection *col, int kind);
/* Row k of the records this rank keeps. */
void *DWStageRowsRow(const DWStageRows *d, PetscInt k);
/* Keeps a copy of row (size bytes) for record e (the stage's keep). */
PetscErrorCode DWStageRowsAdd(DWCollection *col, int kind, size_t size, const DWCollectEntry *e,
                              const void *row);
/* The stage's winners, layout_create (per tasks per sample), layout and free. */
PetscErrorCode DWStageRowsWinners(DWCollection *col, int kind, PetscInt nw,
                                  const DWCollectEntry w[]);
PetscErrorCode DWStageRowsLayoutCreate(DWCollection *col, int kind, PetscInt per);
PetscErrorCode DWStageRowsLayout(DWCollection *col, int kind, const DWCollectEntry *e);
PetscErrorCode DWStageRowsFree(DWCollection *col, int kind);
/* Defines the collect ops RowsWinners, RowsLayoutCreate, RowsLayout and RowsFree of a stage of
   kind KIND with PER tasks per sample (an expression of col) on DWStageRows: a stage's ops carry
   no kind, so each one-row-per-task stage binds them here. */
#define DW_STAGE_ROWS_COLLECT(KIND, PER)                                                           \
  static PetscErrorCode RowsWinners(DWCollection *col, PetscInt nw, const DWCollectEntry w[])      \
  {                                                                                                \
    return DWStageRowsWinners(col, KIND, nw, w);                                                   \
  }                                                                                                \
  static PetscErrorCode RowsLayoutCreate(DWCollection *col)                                        \
  {                                                                                                \
    return DWStageRowsLayoutCreate(col, KIND, PER);                                                \
  }                                                                                                \
  static PetscErrorCode RowsLayout(DWCollection *col, const DWCollectEntry *e)                     \
  {                                                                                                \
    return DWStageRowsLayout(col, KIND, e);                                                        \
  }                                                                                                \
  static PetscErrorCode RowsFree(DWCollection *col)                                                \
  {                                                                                                \
    return DWStageRowsFree(col, KIND);                                                             \
  }

/* The number of rows of the stage's tables (winning done records, all ranks) and row[k] of
   each record this rank keeps, in (sample, index) order (PetscFree *row). */
PetscErrorCode DWStageRowsPlace(const DWCollection *col, int kind, PetscInt *total, PetscInt **row);

/* Collective on the library's communicator. Column name (n = total rows) of the rows this rank
   keeps, at row[]: the DW_FIELD_REAL or DW_FIELD_INT at byte offset of each row, or the sample
   (offset DW_STAGE_ROWS_SAMPLE, type DW_FIELD_INT). */
#define DW_STAGE_ROWS_SAMPLE ((size_t)-1)
PetscErrorCode DWStageRowsWriteColumn(DWCampaignLibrary lib, const DWStageRows *d,
                                      const PetscInt row[], PetscInt total, const char name[],
                                      DWFieldType type, size_t offset, const char units[],
                                      const char description[]);

/* Master (src/farm/stageglassis.c): the ready and inputs DAG ops of a stage whose one input is
   the sample's glass (elastic, pull). */
PetscBool DWStageGlassReady(const DWDag *dag, PetscInt s);
PetscErrorCode DWStageGlassInputs(const DWDag *dag, DWTaskOrder *o);
/* Worker (src/farm/stageglassis.c): minimises the glass sys in place to its IS with the
   campaign's minimiser; *pot (PETSC_COMM_SELF, set up on sys) for the caller to destroy; *failed
   with reason when the minimisation does not converge. */
PetscErrorCode DWStageGlassIS(DWSystem sys, DWPotential *pot, PetscBool *failed, char reason[],
                              size_t len);

/* Shared by the stages' ops. */
PetscBool DWSlotSettled(const DWTaskSlot *t);
PetscBool DWCollectIsWinner(const DWCollectEntry *e, PetscInt nw, const DWCollectEntry *w);
/* Keeps only this rank's records that won (compacting each list). */
#define DW_KEEP_WINNERS(list, n, winners, nw, drop)                                                \
  do {                                                                                             \
    PetscInt kept_ = 0;                                                                            \
    for (PetscInt i_ = 0; i_ < (n); i_++) {                                                        \
      if (DWCollectIsWinner(&(list)[i_].e, (nw), (winners)))                                       \
        (list)[kept_++] = (list)[i_];                                                              \
      else                                                                                         \
        PetscCall(drop(&(list)[i_]));                                                              \
    }                                                                                              \
    (n) = kept_;                                                                                   \
  } while (0)
