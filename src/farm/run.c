/* Running a campaign (include/dwell/campaign.h): workers open their shards (cutting torn
   tails), the master rebuilds the DAG from all shards and farms out what is missing; when
   nothing remains, all ranks collect the library. */
#include "farm/farmimpl.h"

static PetscErrorCode RunMaster(DWCampaign c, PetscBool *complete)
{
  DWDag dag;
  DWShardScanInfo info;
  PetscInt total[DW_TASK_NKINDS];
  PetscBool done;

  PetscFunctionBegin;
  PetscCall(DWDagCreate(c, &dag));
  PetscCallMPI(MPI_Barrier(c->comm)); /* the workers have opened their shards */
  PetscCall(DWDagReadShards(c, &dag, &info));
  PetscCall(DWDagTotals(&dag, total, &done));
  PetscCall(PetscPrintf(PETSC_COMM_SELF,
                        "dwell run: %s: %" PetscInt_FMT " records in the shards (%" PetscInt_FMT
                        " corrupt and %" PetscInt_FMT " torn skipped, %" PetscInt_FMT
                        " of another campaign, %" PetscInt_FMT " duplicates)%s\n",
                        c->dir, info.good, info.corrupt, info.torn, dag.foreign, dag.duplicates,
                        done ? ": nothing left to run" : ""));
  PetscCall(DWDagSeed(&dag));
  PetscCall(DWFarmMaster(c, &dag, complete));
  PetscCall(DWDagDestroy(&dag));
  PetscFunctionReturn(0);
}

static PetscBool running = PETSC_FALSE;

PetscBool DWCampaignRunning(void)
{
  return running;
}

PetscErrorCode DWCampaignRun(DWCampaign c, PetscBool *complete)
{
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(c->comm, &rank));
  PetscCall(DWFarmCatchSignals());
  *complete = PETSC_FALSE;
  running   = PETSC_TRUE;
  if (!rank) {
    PetscCall(DWCampaignMarkComplete(c, PETSC_FALSE));
    PetscCall(RunMaster(c, complete));
  } else
    PetscCall(DWFarmWorker(c));
  PetscCallMPI(MPI_Bcast(complete, 1, MPIU_BOOL, 0, c->comm));
  if (*complete) PetscCall(DWCampaignCollect(c));
  if (!rank) PetscCall(DWCampaignMarkComplete(c, *complete));
  running = PETSC_FALSE;
  PetscFunctionReturn(0);
}
