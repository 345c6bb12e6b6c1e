/* The records a collect works with (src/farm/collectread.c, collectwrite.c): every rank
   reads a share of the shards; the keys of all records are gathered so that every rank
   knows the whole campaign's layout (which record of a task wins, how many rows each table
   gets and where each sample's rows start), while the bulky payloads stay with the rank
   that read them and are written by it into its rows. */
#pragma once
#include "farm/farmimpl.h"

/* One record as every rank sees it. c[]: merge n_is, n_tr, n_cand; neb rows (done) or
   DWNEBReason (failed; DW_NEB_FAILED_ERROR for an error inside the task). g[]: glass
   equilibrated, blocks, tau_alpha, U_equilibrated, U_glass, T_glass. */
typedef struct {
  int64_t kind, sample, index, status, shard, offset;
  int64_t c[4];
  double g[6];
} DWCollectEntry;

typedef struct {
  DWCollectEntry e;
  PetscInt N;
  PetscInt *species;
  PetscReal *diameter, *x; /* diameter NULL when monodisperse */
  PetscReal L;             /* box edge, sigma */
} DWCollectGlass;

typedef struct {
  DWCollectEntry e;
  DWMergeData m; /* with the positions of the candidates' ends: /dw/x_a */
} DWCollectMerge;

typedef struct {
  DWCollectEntry e;
  PetscInt a, b, nrows;
  DWNEBRow *rows;
} DWCollectNEB;

typedef struct {
  DWCampaign c;
  /* what this rank read and keeps (the winners among its records) */
  PetscInt nglass, nmerge, nneb;
  DWCollectGlass *glass;
  DWCollectMerge *merge;
  DWCollectNEB *neb;
  /* every rank: the layout, per sample s (S) and per candidate of s */
  PetscInt S, M, N;
  PetscInt *glass_status, *n_runs, *n_is, *n_tr, *n_cand, *n_dw; /* S */
  PetscReal *glass_g;                                            /* S x 6 */
  PetscInt *is_off, *tr_off, *cand_off;                          /* S + 1 */
  PetscInt **cand_status, **cand_rows, **dw_off;                 /* S arrays of n_cand */
  PetscInt **cand_neb_reason; /* S arrays of n_cand: DWNEBReason of a failed NEB, 0 */
  PetscInt n_is_total, n_tr_total, n_cand_total, n_dw_total;
  PetscInt *n_pool, *pool_off, n_pool_total; /* S, S + 1: the fast protocol's pool (/screen) */
  /* the same double well found from several candidate paths (a split piece that is also a
     candidate's path) is one row: dw_map[g] is the row of path row g (dw_off order), -1 for
     a repeat; dw_found[row] how many paths found it */
  PetscInt *dw_map, *dw_found, n_dw_unique;
  PetscInt records, corrupt, torn;
  /* records left out, on all ranks: payloads that do not unpack or do not fit the campaign
     (N, images), and neb records whose sample has no merge record (lost to corruption) */
  PetscInt unreadable, orphans;
  /* per task kind (index DWTaskKind): known, done, failed (failure records and no result;
     given up once the campaign is finished), blocked (never to run: their glass failed) */
  PetscInt known[DW_TASK_NKINDS], done[DW_TASK_NKINDS], failed[DW_TASK_NKINDS],
      blocked[DW_TASK_NKINDS];
  void *data[DW_TASK_NKINDS]; /* what a stage added after issue 7 keeps (its own type) */
} DWCollection;

/* Collective on the campaign's communicator: reads this rank's share of the shards,
   gathers the keys, keeps the winners and lays out the tables (then deduplicates). */
PetscErrorCode DWCollectionRead(DWCampaign c, DWCollection *col);
/* Collective. Fills dw_map, dw_found and n_dw_unique (src/farm/collectdedupe.c). */
PetscErrorCode DWCollectionDeduplicate(DWCollection *col);
/* Collective. Writes path (via path.tmp and a rename). */
PetscErrorCode DWCollectionWrite(DWCollection *col, const char path[]);
/* Not collective. */
PetscErrorCode DWCollectionFree(DWCollection *col);
/* Collective on the library's communicator: the tables of the glass stage (/samples) and of
   the merge stage (/is, /transitions, /candidates), collectwrite.c. */
PetscErrorCode DWCollectionWriteGlass(DWCampaignLibrary f, const DWCollection *col);
PetscErrorCode DWCollectionWriteMerge(DWCampaignLibrary f, const DWCollection *col);
/* Collective on the library's communicator (collectwritedw.c): writes the /dw table of f,
   each rank the rows of the NEB records it holds. */
PetscErrorCode DWCollectionWriteDW(DWCampaignLibrary f, const DWCollection *col);
/* The offsets {0, 0} of a one-dimensional column (DWCampaignLibraryWriteColumn). */
extern const PetscInt DWCollectOneD[2];
