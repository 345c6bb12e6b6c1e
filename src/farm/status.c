/* dwell status: where a campaign stands, read from its shards (rank 0), also while it runs:
   per stage the tasks done, given up, blocked (never to run: their glass was given up) and
   known, the reasons of the tasks given up, who holds the directory's lock, and the state
   (complete, work remains, or finished with tasks given up). */
#include "farm/farmimpl.h"

static const char *const state_names[] = {"work remains", "complete",
                                          "finished with tasks given up"};

typedef struct {
  PetscViewer v;
  DWCampaignState *state;
} Status;

static PetscErrorCode Print(DWCampaign c, void *ctx, char msg[], size_t len)
{
  Status *st    = (Status *)ctx;
  PetscViewer v = st->v;
  DWDag dag;
  DWShardScanInfo info;
  DWDagSummary sum;
  char holder[1024];
  FILE *fp;

  PetscFunctionBegin;
  PetscCall(DWDagCreate(c, &dag));
  PetscCall(DWDagReadShards(c, &dag, &info));
  PetscCall(DWDagSummarize(&dag, &sum));
  PetscCall(DWDirLockDescribe(c->dir, holder, sizeof(holder)));
  PetscCall(PetscViewerASCIIPrintf(v,
                                   "campaign: %s\nmodel: %s\nN: %" PetscInt_FMT
                                   "\nsamples: %" PetscInt_FMT "   # %" PetscInt_FMT
                                   " T_f; glasses per T_f:",
                                   c->dir, c->model, c->N, DWCampaignSamples(c), c->n_Tf));
  for (PetscInt i = 0; i < c->n_Tf; i++)
    PetscCall(PetscViewerASCIIPrintf(v, "%s %" PetscInt_FMT, i ? "," : "", c->N_g[i]));
  PetscCall(PetscViewerASCIIPrintf(v, "\nlock: %s\n", holder[0] ? holder : "none"));
  PetscCall(PetscViewerASCIIPrintf(v,
                                   "records: {good: %" PetscInt_FMT ", corrupt: %" PetscInt_FMT
                                   ", torn: %" PetscInt_FMT ", bytes: %lld}\n",
                                   info.good, info.corrupt, info.torn, (long long)info.file_size));
  PetscCall(PetscViewerASCIIPrintf(v,
                                   "tasks:   # done / failed: given up after %" PetscInt_FMT
                                   " attempts / blocked: never run, their glass was given up / "
                                   "known (neb: candidates of merged samples)\n",
                                   c->max_attempts));
  for (int k = 1; k < DW_TASK_NKINDS; k++)
    if (dag.on[k])
      PetscCall(PetscViewerASCIIPrintf(v,
                                       "  %-8s {done: %" PetscInt_FMT ", failed: %" PetscInt_FMT
                                       ", blocked: %" PetscInt_FMT ", known: %" PetscInt_FMT "}\n",
                                       DWTaskKindName(k), dag.done[k], dag.gaveup[k],
                                       sum.blocked[k], sum.total[k]));
  PetscCall(PetscViewerASCIIGetPointer(v, &fp));
  PetscCall(DWDagPrintFailures(&dag, fp, "# "));
  PetscCall(PetscViewerASCIIPrintf(v, "failed_attempts: %" PetscInt_FMT "\n", dag.failures));
  PetscCall(PetscViewerASCIIPrintf(
      v, "duplicates: %" PetscInt_FMT "   # second records of a committed task\n", dag.duplicates));
  PetscCall(PetscViewerASCIIPrintf(
      v, "foreign: %" PetscInt_FMT "   # records of another campaign\n", dag.foreign));
  *st->state = sum.complete   ? DW_CAMPAIGN_COMPLETE
               : sum.finished ? DW_CAMPAIGN_GAVE_UP
                              : DW_CAMPAIGN_WORK_REMAINS;
  PetscCall(PetscViewerASCIIPrintf(v, "complete: %s\nstate: %s\n", sum.complete ? "true" : "false",
                                   state_names[*st->state]));
  PetscCall(DWDagDestroy(&dag));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCampaignStatus(DWCampaign c, PetscViewer v, DWCampaignState *state)
{
  Status st = {v, state};
  int s;

  PetscFunctionBegin;
  *state = DW_CAMPAIGN_WORK_REMAINS;
  PetscCall(DWCampaignOnRankZero(c, Print, &st));
  s = (int)*state;
  PetscCallMPI(MPI_Bcast(&s, 1, MPI_INT, 0, c->comm));
  *state = (DWCampaignState)s;
  PetscFunctionReturn(0);
}
