/* dwell status: where a campaign stands, read from its shards (rank 0), also while it runs:
   per stage the tasks done, failed for good and known, and whether anything remains. */
#include "farm/farmimpl.h"

PetscErrorCode DWCampaignStatus(DWCampaign c, PetscViewer v, PetscBool *complete)
{
  PetscMPIInt rank;
  DWDag dag;
  DWShardScanInfo info;
  PetscInt total[DW_TASK_NKINDS];

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(c->comm, &rank));
  *complete = PETSC_FALSE;
  if (!rank) {
    PetscCall(DWDagCreate(c, &dag));
    PetscCall(DWDagReadShards(c, &dag, &info));
    PetscCall(DWDagTotals(&dag, total, complete));
    PetscCall(PetscViewerASCIIPrintf(v,
                                     "campaign: %s\nmodel: %s\nN: %" PetscInt_FMT
                                     "\nsamples: %" PetscInt_FMT "   # %" PetscInt_FMT
                                     " T_f; glasses per T_f:",
                                     c->dir, c->model, c->N, DWCampaignSamples(c), c->n_Tf));
    for (PetscInt i = 0; i < c->n_Tf; i++)
      PetscCall(PetscViewerASCIIPrintf(v, "%s %" PetscInt_FMT, i ? "," : "", c->N_g[i]));
    PetscCall(PetscViewerASCIIPrintf(v, "\n"));
    PetscCall(PetscViewerASCIIPrintf(v,
                                     "records: {good: %" PetscInt_FMT ", corrupt: %" PetscInt_FMT
                                     ", torn: %" PetscInt_FMT ", bytes: %lld}\n",
                                     info.good, info.corrupt, info.torn,
                                     (long long)info.file_size));
    PetscCall(PetscViewerASCIIPrintf(v,
                                     "tasks:   # done / known (neb: candidates of merged samples); "
                                     "failed: given up after %" PetscInt_FMT " attempts\n",
                                     c->max_attempts));
    for (int k = 1; k < DW_TASK_NKINDS; k++)
      PetscCall(PetscViewerASCIIPrintf(v,
                                       "  %-8s {done: %" PetscInt_FMT ", failed: %" PetscInt_FMT
                                       ", known: %" PetscInt_FMT "}\n",
                                       DWTaskKindName(k), dag.done[k], dag.gaveup[k], total[k]));
    PetscCall(PetscViewerASCIIPrintf(v, "failed_attempts: %" PetscInt_FMT "\n", dag.failures));
    PetscCall(PetscViewerASCIIPrintf(
        v, "duplicates: %" PetscInt_FMT "   # second records of a committed task\n",
        dag.duplicates));
    PetscCall(PetscViewerASCIIPrintf(
        v, "foreign: %" PetscInt_FMT "   # records of another campaign\n", dag.foreign));
    PetscCall(PetscViewerASCIIPrintf(v, "complete: %s\n", *complete ? "true" : "false"));
    PetscCall(DWDagDestroy(&dag));
  }
  PetscCallMPI(MPI_Bcast(complete, 1, MPIU_BOOL, 0, c->comm));
  PetscFunctionReturn(0);
}
