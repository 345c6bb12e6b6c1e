/* Private parts of the campaign engine (include/dwell/campaign.h): the campaign's settings,
   task keys and payloads, the DAG the master keeps, and the messages between master and
   workers. Everything here runs on one process (not collective) except DWFarmMaster and
   DWFarmWorker, which together are collective on the campaign's communicator (rank 0 calls
   the first, every other rank the second). */
#pragma once
#include <dwell/campaign.h>
#include <dwell/shard.h>
#include <dwell/units.h>
#include <dwell/system.h>
#include <dwell/islib.h>
#include <dwell/dw.h>
#include <dwell/quantum.h>
#include <dwell/glass.h> /* DWFieldType */
#include <dwell/library.h>
#include <dwell/neb.h>    /* DWSaddleCheckOptions */
#include <dwell/screen.h> /* DW_PAIR_NFEATURES */

#define DW_CAMPAIGN_MAX_UNITS 8

/* The campaign's protocol (issue 16; src/farm/screenplan.c). paper: every candidate pair of
   the exploration goes to the NEB ([JCP23]). fast: the samples are taken in rounds; the
   first `warmup` samples are the paper protocol plus the pairs of IS never seen in
   transition (a training set for every kind of pair), and each later round of `round`
   samples is screened by a DWScreen trained on every NEB of the rounds before it: a pair
   goes to the NEB when the classifier and the regressor say it may be a TLS (p >= p_min and
   predicted E <= multiple k_B T_Q), or when it falls in the random fraction `keep` that
   measures the model's recall as the campaign runs. The model of a round trains on the NEBs
   of the last train_samples samples before it. */
typedef enum { DW_PROTOCOL_PAPER = 0, DW_PROTOCOL_FAST = 1 } DWProtocol;
typedef struct {
  DWProtocol protocol;
  PetscInt warmup, round; /* samples of round 0 (no model), samples per later round */
  PetscReal keep;         /* the random fraction of the screened pairs run anyway */
  PetscReal p_min;        /* classifier probability of a double well needed */
  PetscReal multiple;     /* predicted E at most multiple k_B T_Q (the lowest of the unit
                             sets, in units of its own k_B T_Q) */
  PetscBool unseen;       /* add the pairs of IS never seen in transition */
  PetscReal unseen_dE;    /* eps, total: their largest energy difference */
  PetscReal unseen_dmax;  /* sigma: their largest particle displacement */
  PetscInt unseen_max;    /* at most this many per sample screened by a model (the smallest
                             dmax first) */
  PetscInt unseen_warmup; /* at most this many per sample run without a model */
  PetscInt train_samples; /* the model trains on the NEBs of this many samples before its round */
  PetscInt min_rows;      /* training rows needed (fewer: the round runs every pair) */
} DWScreenPlan;

/* The lock of a campaign directory, held by rank 0 (src/farm/lock.c). */
typedef struct _n_DWDirLock *DWDirLock;

/* The campaign's plan ([JCP23] Table I): T_f[i] with its own N_g[i] glasses, runs[i]
   exploration runs per glass, tau_cg[i] and tau_total[i] (a campaign key given as a scalar
   holds the same value for every T_f). The glasses of T_f[i] are the samples
   first[i] .. first[i + 1] - 1 (first[n_Tf] = the number of samples), so that with scalars
   sample s = i N_g + k as before. */
struct _p_DWCampaign {
  MPI_Comm comm;
  char dir[PETSC_MAX_PATH_LEN];
  char shards[PETSC_MAX_PATH_LEN + 16];      /* DIR/shards */
  char checkpoints[PETSC_MAX_PATH_LEN + 16]; /* DIR/checkpoints */
  char model[64];
  PetscInt N, seed, n_Tf, n_units, max_attempts, images;
  PetscReal *T_f;                /* n_Tf (eps/k_B) */
  PetscInt *N_g, *runs, *first;  /* n_Tf, n_Tf, n_Tf + 1 */
  PetscReal *tau_cg, *tau_total; /* n_Tf (tau) */
  PetscReal T_exp;
  DWUnits units[DW_CAMPAIGN_MAX_UNITS];
  PetscReal progress_interval, max_time; /* s */
  PetscReal task_timeout;                /* s; 0: automatic, < 0: never (master.c) */
  PetscReal prefetch_below;              /* s; a worker is sent its next task early when its
                                            stage's tasks are this short (0: never; master.c) */
  PetscBool retry_failed;                /* failures recorded before this run are forgotten */
  DWDirLock lock;                        /* rank 0, while a command works on dir */
  MPI_Comm live;      /* after a run: the ranks not left out (run.c); MPI_COMM_NULL before */
  PetscBool left_out; /* this rank was presumed stalled when the farm ended (run.c) */
  DWSaddleCheckOptions saddle; /* read by the saddle check itself (src/modes/saddle.c) */
  PetscInt path_hessian_k;     /* neb_path_hessian: orthogonal Hessian eigenvalues per image */
  PetscReal tol_e, tol_x;      /* IS identity (eps per particle, sigma) */
  PetscInt min_transitions;    /* candidate threshold m */
  PetscBool modes_stage, modes_tls_only; /* the modes stage and its ends (stagemodes.c) */
  PetscInt modes_k;                      /* modes per IS */
  PetscBool modes_nlmode;                /* nonlinear mode per double well (stagemodes.c) */
  PetscBool elastic_stage; /* the elastic moduli of each glass's IS (stageelastic.c) */
  PetscInt elastic_modes;  /* lowest modes of its A_4 fit (0: none) */
  PetscBool pull_stage;    /* mode pulling of each glass's IS ([PRR20], stagepull.c) */
  PetscInt pull_modes;     /* the lowest modes pulled, one task each */
  PetscBool pull_neb;      /* the pull task also finds the double well r_0 -> r_1 */
  DWScreenPlan screen;     /* protocol paper or fast and the learned pre-screen (screenplan.c) */
  char *identity;          /* the options that determine results (include/dwell/options.h) */
  uint64_t identity_hash;
};

/* Collective. Reads and checks the campaign keys (src/farm/campaignkeys.c). */
PetscErrorCode DWCampaignReadKeys(DWCampaign c);

static inline PetscInt DWCampaignSamples(DWCampaign c)
{
  return c->first[c->n_Tf];
}

/* Not collective. The T_f index of sample s (0 <= s < DWCampaignSamples). */
PetscInt DWCampaignSampleTf(DWCampaign c, PetscInt s);

/* Not collective. While an exploration of T_f index i reads its options (DWExploreSetFromOptions),
   the options database holds that T_f's plan (-runs, -tau_cg, -tau_total) and the
   exploration's own MD settings (-md_X from the campaign keys -explore_md_X); Pop restores
   the database exactly (the identity is unchanged). */
typedef struct {
  PetscInt n;
  char *name[8], *value[8]; /* the entries replaced and their old values */
  PetscBool had[8];         /* whether the entry existed before */
} DWCampaignOverride;
PetscErrorCode DWCampaignExploreOptionsPush(DWCampaign c, PetscInt i, DWCampaignOverride *o);
PetscErrorCode DWCampaignExploreOptionsPop(DWCampaignOverride *o);

/* Collective. The plan in the library: /campaign/N_g, runs, tau_cg, tau_total (one value per
   T_f) and, for a key with the same value at every T_f, the root attribute of that name. */
PetscErrorCode DWCampaignWritePlan(DWCampaign c, DWCampaignLibrary f);

/* Collective. Runs fn(ctx) where run is true, keeping its error messages instead of printing
   them; when it failed on any rank, *ierr and msg are, on every rank, the error of the lowest
   rank that failed (else 0 and ""). The caller then fails on every rank together. */
PetscErrorCode DWFarmCatch(MPI_Comm comm, PetscBool run, PetscErrorCode (*fn)(void *), void *ctx,
                           int *ierr, char msg[], size_t len);
/* Collective. fn runs on rank 0 only; a refusal it writes into msg, or an error it raises,
   becomes the same error on every rank (so that no rank waits for rank 0 in a collective
   that never comes). */
PetscErrorCode DWCampaignOnRankZero(DWCampaign c,
                                    PetscErrorCode (*fn)(DWCampaign, void *, char[], size_t),
                                    void *ctx);

/* Rank 0, not collective (src/farm/lock.c). Takes DIR/campaign.lock for command ("run",
   "collect"); a live holder is a refusal in msg naming it (no error), a stale lock is taken
   over. */
PetscErrorCode DWDirLockTake(const char dir[], const char command[], DWDirLock *lock, char msg[],
                             size_t len);
PetscErrorCode DWDirLockRelease(DWDirLock *lock);
/* Whether the lock was taken over by another command (this one was stopped too long). */
PetscBool DWDirLockLost(DWDirLock lock);
/* The holder of DIR's lock as one line ("" when there is no lock). */
PetscErrorCode DWDirLockDescribe(const char dir[], char out[], size_t len);

/* Rank 0, not collective: DIR/INCOMPLETE exists exactly while work remains. */
PetscErrorCode DWCampaignMarkComplete(DWCampaign c, PetscBool complete);

/* ---------------------------------------------------------------- tasks (task.c) */
typedef enum {
  DW_TASK_GLASS   = 1,
  DW_TASK_EXPLORE = 2,
  DW_TASK_MERGE   = 3,
  DW_TASK_NEB     = 4,
  DW_TASK_MODES   = 5, /* off unless the campaign key modes_stage is true (stagemodes.c) */
  DW_TASK_ELASTIC = 6, /* off unless the campaign key elastic_stage is true (stageelastic.c) */
  DW_TASK_PULL    = 7  /* off unless the campaign key pull_stage is true (stagepull.c) */
} DWTaskKind;
#define DW_TASK_NKINDS 8 /* arrays indexed by kind; 0 unused */

typedef struct {
  int32_t kind, sample, index; /* index: run r (explore), candidate c (neb), else 0 */
} DWTaskKey;

const char *DWTaskKindName(int kind);
/* The task id: a 64-bit hash of the campaign identity and the key. */
uint64_t DWTaskId(DWCampaign c, DWTaskKey key);
/* The seed of glass sample s: a hash of (campaign seed, s), 31 bits (DWGlassSetSeed). */
PetscInt DWTaskGlassSeed(DWCampaign c, PetscInt sample);
/* Every payload starts with its key; a failure's payload is the key and the reason. */
PetscErrorCode DWTaskPackKey(DWPack *p, DWTaskKey key);
PetscErrorCode DWTaskUnpackKey(DWUnpack *u, DWTaskKey *key);

/* A task as the master hands it out: the key, the attempt (1, 2, ...) and where its inputs
   are (explore: the glass; merge: the runs done; neb: the glass and the merge). */
typedef struct {
  DWTaskKey key;
  PetscInt attempt;
  PetscInt ninputs;
  DWShardLocation *inputs;
} DWTaskOrder;

#define DW_REASON_LEN 192 /* the reason of a failure, as reported and kept */
/* What a worker reports (a fixed-size message). status: DW_SHARD_DONE or DW_SHARD_FAILED
   (committed to the shard at `where`), or DW_TASK_ABANDONED (stopped by a signal, nothing
   committed, e.g. a glass left at its checkpoint). */
#define DW_TASK_ABANDONED 3
/* The error a long task raises when it stops at a checkpoint because a stop was requested. */
#define DW_ERR_INTERRUPTED PETSC_ERR_USER
typedef struct {
  DWTaskKey key;
  int32_t status;
  int32_t ncandidates; /* merge: the neb tasks it creates */
  int32_t stop;        /* the worker received SIGTERM or SIGUSR1 */
  int32_t pad;
  double seconds; /* wall time of the task */
  double waited;  /* wall time the worker waited for this task's order */
  DWShardLocation where;
  char reason[DW_REASON_LEN];
} DWTaskReport;

/* A failure's reason begins with DW_TASK_ERROR_PREFIX when an error stopped the task (it may
   not recur: another attempt is made); any other failure its stage reports itself. */
#define DW_TASK_ERROR_PREFIX "error "
/* Whether a failure of task key with this reason is final: its stage's tasks are deterministic
   (DWStageOps final_failures) and the stage reported it itself, so a retry would fail alike. */
PetscBool DWTaskFailureIsFinal(DWTaskKey key, const char reason[]);
/* Runs one task on this (worker) process: reads the inputs, computes, and fills the payload
   (the result, or the reason of a failure). Errors inside the computation become failures;
   a stop request at a glass checkpoint makes *status DW_TASK_ABANDONED. */
PetscErrorCode DWTaskExecute(DWCampaign c, const DWTaskOrder *o, DWPack *payload, int *status,
                             char reason[], size_t len);
/* The stages (taskglass.c, taskexplore.c, taskneb.c). inputs are the payloads of the input
   records, in the order of the order's locations. *failed and reason for a failure that is
   not an error (e.g. not converged). */
PetscErrorCode DWTaskGlass(DWCampaign c, DWTaskKey key, DWPack *out, PetscBool *failed,
                           char reason[], size_t len);
PetscErrorCode DWTaskExplore(DWCampaign c, DWTaskKey key, DWUnpack *glass, DWPack *out);
PetscErrorCode DWTaskMerge(DWCampaign c, DWTaskKey key, PetscInt nin, DWUnpack in[], DWPack *out);
PetscErrorCode DWTaskNEB(DWCampaign c, DWTaskKey key, DWUnpack *glass, DWUnpack *merge, DWPack *out,
                         PetscBool *failed, char reason[], size_t len);
/* The double well of a pair of IS (xa, xb) of glass that is not a library candidate (the pull
   stage's (r_0, r_1)), found as a neb task finds one: *reason (DWNEBReason), *n elementary
   paths and, when the path is one double well (n = 1), its dV, V_b and d (eps, eps, sigma)
   in dw[3] and its splitting E per unit set of c in E[] (eps), NaN otherwise. */
PetscErrorCode DWTaskNEBPair(DWCampaign c, DWSystem glass, const PetscReal xa[],
                             const PetscReal xb[], PetscInt *reason, PetscInt *n, PetscReal dw[3],
                             PetscReal E[]);

/* ---------------------------------------------------------------- payloads (payload.c) */
/* The glass of a sample: the system and how it was made. */
typedef struct {
  PetscInt equilibrated, blocks;
  PetscReal tau_alpha, duration, U_equilibrated, U_glass, T_glass;
} DWGlassSummary;
PetscErrorCode DWPayloadPackGlass(DWPack *p, DWSystem sys, const DWGlassSummary *g);
/* sys is created on PETSC_COMM_SELF (may be NULL to skip it; g may be NULL). */
PetscErrorCode DWPayloadUnpackGlass(DWUnpack *u, DWSystem *sys, DWGlassSummary *g);
PetscErrorCode DWPayloadPackRun(DWPack *p, const DWISRun *run);
PetscErrorCode DWPayloadUnpackRun(DWUnpack *u, DWISRun *run);

/* The merged IS library of a sample, as stored by merge(s). */
typedef struct {
  PetscInt N, n_is, n_tr, n_cand, n_pos;
  PetscReal *energy, *first_time;                 /* n_is: U/N (eps), tau */
  PetscInt *runs_found, *visits;                  /* n_is */
  PetscInt *tr_from, *tr_to, *tr_count;           /* n_tr */
  PetscInt *cand_a, *cand_b, *cand_ab, *cand_ba;  /* n_cand */
  PetscReal *cand_dE, *cand_dmax, *cand_distance; /* n_cand */
  PetscInt *pos_label; /* n_pos: the IS whose positions are kept (those of candidates) */
  PetscReal *pos;      /* n_pos x 3N, sigma */
  /* protocol fast (screenplan.c): the pool of pairs the screen judged, one row each (n_pool 0
     under the paper protocol) */
  PetscInt n_pool, n_train;             /* pool rows; training rows of the model (0: none) */
  PetscInt *pool_a, *pool_b;            /* n_pool: IS labels, e_a <= e_b */
  PetscInt *pool_cand;                  /* n_pool: its candidate index (NEB task), -1: not run */
  PetscInt *pool_flags;                 /* n_pool: DW_SCREEN_* bits */
  PetscInt *pool_gen;                   /* n_pool: the model generation (the round; 0: none) */
  PetscReal *pool_p, *pool_y;           /* n_pool: P(double well), log10(E / k_B T_Q) predicted */
  PetscReal *pool_f[DW_PAIR_NFEATURES]; /* n_pool each: the features (dwell/screen.h) */
  PetscInt model_len;                   /* bytes of the model (DWScreenSave), 0: none */
  unsigned char *model;
} DWMergeData;
/* The bits of pool_flags. */
#define DW_SCREEN_WARMUP 1 /* run without a model: a round without one */
#define DW_SCREEN_MODEL  2 /* the model says it may be a TLS */
#define DW_SCREEN_RANDOM 4 /* in the random fraction kept to measure the recall */
#define DW_SCREEN_UNSEEN 8 /* a pair of IS the dynamics never connected */
PetscErrorCode DWPayloadPackMerge(DWPack *p, const DWISLibraryData *d);
PetscErrorCode DWPayloadUnpackMerge(DWUnpack *u, DWMergeData *m);
PetscErrorCode DWMergeDataFree(DWMergeData *m);

/* A double well as stored by neb(s, c): the record's scalars and fields, the library labels
   of its ends (-1: an intermediate minimum not in the library) and, per unit set, its
   tunnelling quantities. */
typedef struct {
  PetscReal E, E_tol, Delta, Delta_0, Gamma;
  PetscInt converged, wkb_valid, double_well;
} DWQuantumRow;
typedef struct {
  PetscInt piece, is_a, is_b;
  DWDoubleWell dw; /* xi, V (M), dr_AB, dr_AS, dr_12 (3N; dr_12 0 and r_12 NaN in a record of
                      a dwell before r_12 was kept) allocated; images, x_TS not kept */
  DWQuantumRow q[DW_CAMPAIGN_MAX_UNITS];
} DWNEBRow;
/* The fields of DWQuantumRow as named columns (one table for the payload and the library):
   type DW_FIELD_REAL (PetscReal) or DW_FIELD_INT (PetscInt) at `offset`. */
typedef struct {
  const char *name, *units, *description;
  size_t offset;
  DWFieldType type;
} DWQuantumColumn;
extern const DWQuantumColumn DWQuantumColumns[];
extern const PetscInt DWQuantumNColumns;
PetscErrorCode DWPayloadPackNEBRow(DWPack *p, const DWNEBRow *r, PetscInt nunits);
PetscErrorCode DWPayloadUnpackNEBRow(DWUnpack *u, DWNEBRow *r, PetscInt nunits);

/* ---------------------------------------------------------------- the DAG (dag.c) */
typedef enum {
  DW_SLOT_PENDING = 0,
  DW_SLOT_QUEUED,
  DW_SLOT_RUNNING,
  DW_SLOT_DONE,
  DW_SLOT_GAVEUP
} DWSlotState;
typedef struct {
  int8_t state, failures;
  DWShardLocation where;
} DWTaskSlot;
typedef struct {
  PetscInt n, head, cap;
  DWTaskKey *key;
} DWTaskQueue;
typedef struct {
  PetscInt S, max_attempts;
  PetscBool on[DW_TASK_NKINDS];      /* the stages the campaign runs (src/farm/stage.h) */
  PetscInt *R;                       /* S: runs of sample s */
  PetscInt *ncand;                   /* S: candidates of merged samples, -1 before */
  PetscInt pull_modes;               /* tasks per sample of the pull stage */
  DWScreenPlan screen;               /* the protocol and its rounds (screendag.c) */
  PetscInt screen_prefix;            /* samples 0 .. screen_prefix - 1 have every NEB settled */
  DWTaskSlot **slot[DW_TASK_NKINDS]; /* per kind, S arrays of the tasks of sample s (NULL while
                                        their number is not known) */
  PetscInt *settled[DW_TASK_NKINDS]; /* per kind, S: tasks done or given up */
  DWTaskQueue queue[DW_TASK_NKINDS];
  PetscInt done[DW_TASK_NKINDS], gaveup[DW_TASK_NKINDS], running[DW_TASK_NKINDS];
  PetscInt failures;            /* failed attempts seen (all kinds) */
  PetscInt foreign, duplicates; /* records of another campaign; second records */
  PetscInt orphans;             /* neb records of a sample whose merge record is lost */
  PetscInt ngiven;              /* the tasks given up, with the reason of their last failure */
  DWTaskKey *given;
  char (*given_reason)[DW_REASON_LEN];
} DWDag;

/* Where a campaign stands (DWDagSummarize). */
typedef struct {
  PetscInt total[DW_TASK_NKINDS];   /* tasks known per kind (neb: candidates of merged samples) */
  PetscInt blocked[DW_TASK_NKINDS]; /* tasks that will never run: their glass was given up */
  PetscInt gaveup;                  /* tasks given up, all kinds */
  PetscBool finished;               /* nothing is left to run */
  PetscBool complete;               /* finished, and no task was given up */
} DWDagSummary;

/* The DAG of campaign c: its samples, each with the runs of its T_f. */
PetscErrorCode DWDagCreate(DWCampaign c, DWDag *dag);
PetscErrorCode DWDagDestroy(DWDag *dag);
/* A record read from a shard or reported by a worker (status DONE or FAILED); ncand for a
   done merge; reason of a failure (may be NULL). Duplicates of a done task are counted and
   ignored. */
PetscErrorCode DWDagRecord(DWDag *dag, DWTaskKey key, int status, DWShardLocation where,
                           PetscInt ncand, const char reason[]);
/* After the shards are read: queues every task whose inputs are done. */
PetscErrorCode DWDagSeed(DWDag *dag);
/* A task given back without a result (abandoned at a stop, or its worker presumed stalled):
   pending again. */
PetscErrorCode DWDagRequeue(DWDag *dag, DWTaskKey key);
/* Whether a task is ready to be handed out. */
PetscBool DWDagReady(const DWDag *dag);
/* The next ready task, deepest stage first (*found false when none), marked running, with its
   input locations (allocated into o->inputs; the caller frees). */
PetscErrorCode DWDagNext(DWDag *dag, DWTaskOrder *o, PetscBool *found);
/* After a report: queues what became ready in the task's sample (and a failed task that
   may retry). */
PetscErrorCode DWDagAfterReport(DWDag *dag, DWTaskKey key);
/* Tasks known, blocked and given up, and whether the campaign is finished or complete. */
PetscErrorCode DWDagSummarize(const DWDag *dag, DWDagSummary *sum);
/* Prints, per stage, the tasks given up and the tasks blocked by them, and the reasons of
   the first few (not collective; nothing when none was given up). */
PetscErrorCode DWDagPrintFailures(const DWDag *dag, FILE *fp, const char prefix[]);
/* Reads every shard of the campaign into the DAG (the caller's rank only). */
PetscErrorCode DWDagReadShards(DWCampaign c, DWDag *dag, DWShardScanInfo *sum);

/* The fast protocol's rounds in the DAG (screendag.c). A merge of round g > 0 waits until
   every NEB of the samples of the rounds before it is settled (screen_prefix), and reads
   their merge and NEB records to train its model. Not collective. */
PetscInt DWScreenRound(const DWScreenPlan *p, PetscInt s);
PetscInt DWScreenRoundStart(const DWScreenPlan *p, PetscInt g);
PetscBool DWDagScreenReady(const DWDag *dag, PetscInt s);
/* Moves screen_prefix past the samples whose NEBs are all settled; *from is its old value. */
PetscErrorCode DWDagScreenAdvance(DWDag *dag, PetscInt *from);
/* Appends the training records of merge task o->key (merges, then their done NEBs). */
PetscErrorCode DWDagScreenInputs(const DWDag *dag, DWTaskOrder *o);
/* Worker (taskscreen.c): the merge of a sample under the fast protocol: the pool of pairs of
   library d, its features, the model trained on the ntrain training records train[] (merge
   and neb payloads after their keys, which are keys[]), the selection and the payload. */
PetscErrorCode DWTaskMergeScreen(DWCampaign c, DWTaskKey key, const DWISLibraryData *d,
                                 PetscInt ntrain, const DWTaskKey keys[], DWUnpack train[],
                                 DWPack *out);
/* The pool part of a merge payload (payload.c): after the merge part, fast protocol only. */
PetscErrorCode DWPayloadPackPool(DWPack *p, const DWMergeData *m);

/* ---------------------------------------------------------------- master and workers */
/* s: default of -campaign_prefetch_below (master.c) */
#define DW_PREFETCH_BELOW 2.0

#define DW_TAG_TASK   101
#define DW_TAG_STOP   102
#define DW_TAG_REPORT 103
#define DW_TAG_LIVE   104 /* after the farm: the workers left out of what follows */
#define DW_TAG_BYE    105 /* a worker's answer to the stop */
#define DW_TAG_GROUP  106 /* MPI_Comm_create_group of the ranks not left out */
/* 0 or the signal (SIGTERM, SIGINT, SIGUSR1) received since DWFarmCatchSignals. */
extern volatile int DWFarmSignal;
PetscErrorCode DWFarmCatchSignals(void);
/* Worker side, not collective: a signal arrived or the master sent a stop (the message is
   left in the queue for the worker loop). Long tasks ask this at their checkpoints. */
PetscBool DWFarmStopRequested(DWCampaign c);
/* Sleeps while polling for a message from `source` with `tag` (MPI_ANY_*), so that an idle
   rank does not take a core from a busy one. */
PetscErrorCode DWFarmWaitMessage(MPI_Comm comm, int source, int tag, MPI_Status *status);
/* Master side: sends a task order to a worker (its key, attempt and input locations). */
PetscErrorCode DWTaskOrderSend(MPI_Comm comm, int worker, const DWTaskOrder *o);
/* How the farm ended, on every rank. A worker whose task ran over the time limit
   (-campaign_task_timeout) is presumed stalled (SIGSTOP, a hung file system): its task goes
   to another worker, its late result is ignored, and if it has not come back when the farm
   ends it is left out of everything after it (the collect runs on the other ranks; the left
   out rank only waits, when it comes back, for MPI_Finalize). */
typedef struct {
  PetscInt nout;      /* workers left out */
  int *out;           /* their ranks (PetscMalloc'ed) */
  PetscBool left_out; /* this rank is one of them */
  double sums[2];     /* a worker's seconds waiting for tasks, busy */
  /* rank 0 */
  DWDagSummary sum;
  PetscInt tasks_run, nworkers;
  PetscInt sent_ahead; /* of tasks_run: sent before the worker's report (prefetch) */
  double overhead;     /* s workers waited for a task that was ready (master.c) */
  PetscLogDouble start;
  PetscBool lock_lost; /* the directory's lock was taken over: this run must not go on */
} DWFarmOutcome;
PetscErrorCode DWFarmMaster(DWCampaign c, DWDag *dag, DWFarmOutcome *out);
PetscErrorCode DWFarmWorker(DWCampaign c, DWFarmOutcome *out);
/* Progress line of the master (progress.c). */
typedef struct {
  PetscLogDouble start, last_print;
  PetscReal seconds[DW_TASK_NKINDS]; /* summed task wall time per kind, this session */
  PetscInt finished[DW_TASK_NKINDS]; /* tasks finished this session */
  PetscBool tty;
} DWProgress;
PetscErrorCode DWProgressInit(DWProgress *p);
PetscErrorCode DWProgressUpdate(DWCampaign c, DWProgress *p, const DWDag *dag, PetscInt nworkers,
                                PetscBool force);
