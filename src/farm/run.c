/* Running a campaign (include/dwell/campaign.h): workers open their shards (cutting torn
   tails), the master rebuilds the DAG from all shards and farms out what is missing; when
   nothing is left to run, the ranks collect the library. Ranks presumed stalled when the
   farm ends (src/farm/master.c) are left out: everything after the farm runs on the
   communicator of the others (MPI_Comm_create_group, collective over its members only). */
#include "farm/farmimpl.h"

static PetscErrorCode RunMaster(DWCampaign c, DWFarmOutcome *out)
{
  DWDag dag;
  DWShardScanInfo info;
  DWDagSummary sum;

  PetscFunctionBegin;
  PetscCall(DWDagCreate(c, &dag));
  PetscCallMPI(MPI_Barrier(c->comm)); /* the workers have opened their shards */
  PetscCall(DWDagReadShards(c, &dag, &info));
  PetscCall(DWDagSummarize(&dag, &sum));
  PetscCall(PetscPrintf(PETSC_COMM_SELF,
                        "dwell run: %s: %" PetscInt_FMT " records in the shards (%" PetscInt_FMT
                        " corrupt and %" PetscInt_FMT " torn skipped, %" PetscInt_FMT
                        " of another campaign, %" PetscInt_FMT " duplicates)%s\n",
                        c->dir, info.good, info.corrupt, info.torn, dag.foreign, dag.duplicates,
                        sum.finished ? ": nothing left to run" : ""));
  if (dag.orphans)
    PetscCall(PetscPrintf(PETSC_COMM_SELF,
                          "dwell run: %" PetscInt_FMT " neb records belong to samples whose merge "
                          "record is lost (corrupt): the merges and their neb tasks run again\n",
                          dag.orphans));
  PetscCall(DWDagSeed(&dag));
  PetscCall(DWFarmMaster(c, &dag, out));
  PetscCall(DWDagDestroy(&dag));
  PetscFunctionReturn(0);
}

/* The communicator of the ranks not left out (c->live). */
static PetscErrorCode LiveComm(DWCampaign c, const DWFarmOutcome *out)
{
  MPI_Group all, live;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_group(c->comm, &all));
  PetscCallMPI(MPI_Group_excl(all, (int)out->nout, out->out, &live));
  PetscCallMPI(MPI_Comm_create_group(c->comm, live, DW_TAG_GROUP, &c->live));
  PetscCallMPI(MPI_Group_free(&live));
  PetscCallMPI(MPI_Group_free(&all));
  PetscFunctionReturn(0);
}

/* Prints the workers' time: busy, waiting for a task in all (the DAG had nothing ready, or
   the master was slow), and waiting between two tasks of the same stage (the master's
   overhead: work was ready). */
static PetscErrorCode Overhead(DWCampaign c, const DWFarmOutcome *out)
{
  double sums[2];
  PetscMPIInt rank;
  PetscLogDouble now;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(c->live, &rank));
  PetscCallMPI(MPI_Reduce(out->sums, sums, 2, MPI_DOUBLE, MPI_SUM, 0, c->live));
  if (rank) PetscFunctionReturn(0);
  PetscCall(PetscTime(&now));
  PetscCall(PetscPrintf(
      PETSC_COMM_SELF,
      "workers: %d, busy %.1f s, waiting for tasks %.1f s (%.1f%%), of which "
      "while a task was ready for them %.2f s (%.2f%%: master overhead); tasks run %" PetscInt_FMT
      " (%" PetscInt_FMT " sent ahead), wall %.1f s\n",
      (int)out->nworkers, sums[1], sums[0], 100 * sums[0] / PetscMax(sums[0] + sums[1], 1e-300),
      out->overhead, 100 * out->overhead / PetscMax(sums[0] + sums[1], 1e-300), out->tasks_run,
      out->sent_ahead, now - out->start));
  PetscFunctionReturn(0);
}

static PetscBool running = PETSC_FALSE;

PetscBool DWCampaignRunning(void)
{
  return running;
}

/* The collect on the ranks not left out. */
static PetscErrorCode CollectLive(DWCampaign c)
{
  MPI_Comm all = c->comm;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  c->comm = c->live;
  ierr    = DWCampaignCollect(c);
  c->comm = all;
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

PetscErrorCode DWCampaignRun(DWCampaign c, DWCampaignState *state)
{
  PetscMPIInt rank;
  DWFarmOutcome out;
  int s[2];

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(c->comm, &rank));
  PetscCall(PetscMemzero(&out, sizeof(out)));
  PetscCall(DWFarmCatchSignals());
  *state  = DW_CAMPAIGN_WORK_REMAINS;
  running = PETSC_TRUE;
  if (!rank) {
    PetscCall(DWCampaignMarkComplete(c, PETSC_FALSE));
    PetscCall(RunMaster(c, &out));
  } else
    PetscCall(DWFarmWorker(c, &out));
  c->left_out = out.left_out;
  if (!out.left_out) {
    PetscCall(LiveComm(c, &out));
    PetscCall(Overhead(c, &out));
    s[0] = out.sum.complete   ? DW_CAMPAIGN_COMPLETE
           : out.sum.finished ? DW_CAMPAIGN_GAVE_UP
                              : DW_CAMPAIGN_WORK_REMAINS;
    s[1] = out.lock_lost;
    PetscCallMPI(MPI_Bcast(s, 2, MPI_INT, 0, c->live));
    PetscCheck(!s[1], c->live, PETSC_ERR_FILE_UNEXPECTED,
               "the lock of %s was taken over by another command while this run was stopped or "
               "stalled: this run ended without collecting (one campaign per directory)",
               c->dir);
    *state = (DWCampaignState)s[0];
    if (*state != DW_CAMPAIGN_WORK_REMAINS) PetscCall(CollectLive(c));
    if (!rank) PetscCall(DWCampaignMarkComplete(c, *state != DW_CAMPAIGN_WORK_REMAINS));
  }
  PetscCall(PetscFree(out.out));
  running = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWCampaignGetComm(DWCampaign c, MPI_Comm *comm)
{
  PetscFunctionBegin;
  *comm = c->left_out ? MPI_COMM_NULL : c->live != MPI_COMM_NULL ? c->live : c->comm;
  PetscFunctionReturn(0);
}
