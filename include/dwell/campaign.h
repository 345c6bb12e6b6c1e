/* A campaign: the whole pipeline of the papers over many glasses, as one MPI job that can be
   killed and restarted (DESIGN.md section 5; issue 7).

   The plan: T_f[i] with N_g[i] glasses, runs[i] runs per glass, tau_cg[i] and tau_total[i]
   ([JCP23] Table I; each key a scalar, the same at every T_f, or a list parallel to T_f).
   The work is a DAG of tasks, each identified by (kind, sample, index):
     glass(s)        prepare glass sample s, glass k of T_f[i_Tf], at T_f[i_Tf] (swap MC,
                     quench); the glasses of T_f[i] follow those of T_f[i - 1] (s = i_Tf N_g
                     + k when N_g is one value)
     explore(s, r)   isoconfigurational run r of glass s (r = 0 .. runs[i_Tf] - 1)
     merge(s)        the IS library of glass s from its runs: IS, transitions, candidates
     neb(s, c)       the minimum energy path(s) of candidate pair c of glass s, each double
                     well with its tunnelling levels for every unit set (mt)
   glass(s) -> explore(s, r) for every r -> merge(s) -> neb(s, c) for every candidate c.
   Rank 0 (the master) holds the DAG and hands ready tasks to idle workers (ranks 1 .. P-1)
   by message, deepest stage first so that finished double wells appear early; workers read
   their inputs from the shards (the master sends where they are), compute, append the
   result to their own shard DIR/shards/shard-RANK.dwj (include/dwell/shard.h) and report.
   A task id hashes the campaign identity (the options that determine results) with the
   task's key; every random stream is keyed by (seed, stage, sample, run), so a task's
   result does not depend on which rank ran it, nor on how often the job was restarted.
   Failed tasks (NEB not converged, a glass not equilibrated, an error) are recorded with
   their reason and retried up to -campaign_max_attempts times in all.

   Directory DIR: campaign.opts (the options, "-key value" per line; a resumed run must have
   the same identity), shards/, checkpoints/ (long glass tasks), library.h5, report.yaml,
   INCOMPLETE (present while work remains), campaign.lock (while a command works on DIR:
   one campaign per directory, src/farm/lock.c).

   All functions are collective on the campaign's communicator unless said otherwise. */
#pragma once
#include <petscviewer.h>

typedef struct _p_DWCampaign *DWCampaign;

PetscErrorCode DWCampaignCreate(MPI_Comm comm, DWCampaign *c);
PetscErrorCode DWCampaignDestroy(DWCampaign *c);
/* The campaign directory, and the campaign file's name (for messages and the default dir). */
PetscErrorCode DWCampaignSetDirectory(DWCampaign c, const char dir[]);
/* Reads the campaign keys (model, N, seed, T_f, N_g, T_exp, runs, tau_cg, tau_total, units,
   explore_md_*, campaign_*, max_time; src/farm/campaignkeys.c) and creates the stage objects
   once to read theirs (glass_*, swap_*, md_*, fs_*, explore_*, min_*, neb_*, tunnel_*, nl_*;
   the exploration once per T_f), so that every bad value stops here, before any work, naming
   the key. */
PetscErrorCode DWCampaignSetFromOptions(DWCampaign c);
/* Takes DIR's lock for `run` (DWCampaignLock), then creates DIR (or checks that an existing
   one belongs to the same campaign: same identity) and its subdirectories; writes
   campaign.opts. An empty directory, or one holding only what an interrupted creation
   leaves (campaign.opts.tmp, empty shards/ and checkpoints/), is taken as new. Any error on
   rank 0 (a missing parent, a full disk) is every rank's error. */
PetscErrorCode DWCampaignSetUp(DWCampaign c);
/* Rank 0 takes the lock DIR/campaign.lock for `command` ("run", "collect"): one campaign per
   directory. A lock whose holder lives is an error on every rank naming it (command, host,
   pid, start time); a stale one (its process gone, or on another host no heartbeat for 30
   s) is taken over. Held until DWCampaignDestroy (or PetscFinalize). dwell collect takes it
   too, so it refuses while a run works on DIR (the run writes DIR/library.h5 itself when it
   completes; dwell status reads the shards safely at any time). */
PetscErrorCode DWCampaignLock(DWCampaign c, const char command[]);
/* For status, collect and report of an existing DIR: inserts DIR/campaign.opts into the
   options database (errors naming DIR when it is not a campaign directory). */
PetscErrorCode DWCampaignLoadOptions(MPI_Comm comm, const char dir[]);
/* Where a campaign stands: work remains (stopped; the same command resumes it), complete
   (every task done), or finished with tasks given up (nothing is left to run, but tasks
   failed -campaign_max_attempts times; the library holds the rest; -campaign_retry_failed
   gives them their attempts again). dwell run and dwell status exit 4 in that case. */
typedef enum {
  DW_CAMPAIGN_WORK_REMAINS = 0,
  DW_CAMPAIGN_COMPLETE     = 1,
  DW_CAMPAIGN_GAVE_UP      = 2
} DWCampaignState;
/* Runs what is missing: master on rank 0, workers on the others (at least 2 ranks), then
   collects the library when nothing is left to run (complete or given up). A worker whose
   task runs over -campaign_task_timeout (SIGSTOP, a hung file system) is presumed stalled:
   its task goes to another worker, and if it is still stalled when the farm ends it is left
   out of the collect (DWCampaignGetComm). A stop (SIGTERM, SIGINT, SIGUSR1 to the ranks,
   -max_time) ends with work remaining and no error on every rank. */
PetscErrorCode DWCampaignRun(DWCampaign c, DWCampaignState *state);
/* After DWCampaignRun: the communicator of the ranks that took part to the end (on which
   the caller continues, e.g. with the report), MPI_COMM_NULL on a rank left out. Not
   collective; owned by the campaign. */
PetscErrorCode DWCampaignGetComm(DWCampaign c, MPI_Comm *comm);
/* Not collective. Whether this process is inside DWCampaignRun: an error there may have
   left the other ranks waiting for it (a worker that cannot write its shard, say), so the
   program must abort the job rather than return (src/app/main.c). */
PetscBool DWCampaignRunning(void);
/* Rebuilds DIR/library.h5 from the shards (parallel HDF5, include/dwell/library.h). Records
   it cannot place (a neb record whose sample's merge record was lost to corruption, a
   payload that does not fit the campaign) are reported and left out. A file system without
   room for the library is an error on every rank before anything is written (the space is
   then reserved, so that a full disk cannot strike in the middle of the collective writes);
   the previous library.h5, if any, stays, and no library.h5.tmp is left. */
PetscErrorCode DWCampaignCollect(DWCampaign c);
/* Progress from the shards (rank 0 reads them): tasks done, given up, blocked and known per
   stage, the holder of the directory's lock if any, and where the campaign stands. */
PetscErrorCode DWCampaignStatus(DWCampaign c, PetscViewer viewer, DWCampaignState *state);
