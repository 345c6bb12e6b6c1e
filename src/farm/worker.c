/* A worker rank of a campaign: waits for a task from the master (rank 0), runs it
   (src/farm/task.c), commits the result or the failure to its own shard
   (DIR/shards/shard-RANK.dwj, include/dwell/shard.h: one write + fsync per record) and
   reports where it went. The master may send the next task before the report (prefetch,
   src/farm/master.c): it waits in MPI's queue and starts at once; a task still held when the
   stop comes is reported abandoned, not run. A stop message ends the loop; the master then says
   whether this worker is left out of what follows (it was presumed stalled, src/farm/master.c). The
   time spent waiting for each task is measured and reported with it: the master knows
   whether work was ready meanwhile (then the wait is its overhead) or not (the DAG had no
   ready work, e.g. exploration waiting for its glass). */
#include "farm/stage.h"

#include <signal.h>
#include <string.h>

static PetscErrorCode ReceiveOrder(MPI_Comm comm, MPI_Status *st, DWTaskOrder *o)
{
  int count;
  unsigned char *buf;
  DWUnpack u;
  int64_t v;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Get_count(st, MPI_BYTE, &count));
  PetscCall(PetscMalloc1(count + 1, &buf));
  PetscCallMPI(MPI_Recv(buf, count, MPI_BYTE, 0, DW_TAG_TASK, comm, MPI_STATUS_IGNORE));
  DWUnpackInit(&u, buf, (size_t)count);
  PetscCall(DWTaskUnpackKey(&u, &o->key));
  PetscCall(DWUnpackInt(&u, &v));
  o->attempt = (PetscInt)v;
  PetscCall(DWUnpackInt(&u, &v));
  o->ninputs = (PetscInt)v;
  PetscCall(PetscMalloc1(o->ninputs + 1, &o->inputs));
  PetscCall(DWUnpackBytes(&u, o->inputs, sizeof(DWShardLocation) * (size_t)o->ninputs));
  PetscCall(PetscFree(buf));
  PetscFunctionReturn(0);
}

PetscErrorCode DWTaskOrderSend(MPI_Comm comm, int worker, const DWTaskOrder *o)
{
  DWPack p;
  PetscMPIInt len;

  PetscFunctionBegin;
  PetscCall(DWPackInit(&p));
  PetscCall(DWTaskPackKey(&p, o->key));
  PetscCall(DWPackInt(&p, o->attempt));
  PetscCall(DWPackInt(&p, o->ninputs));
  PetscCall(DWPackBytes(&p, o->inputs, sizeof(DWShardLocation) * (size_t)o->ninputs));
  PetscCall(PetscMPIIntCast((PetscInt)p.len, &len));
  PetscCallMPI(MPI_Send(p.data, len, MPI_BYTE, worker, DW_TAG_TASK, comm));
  PetscCall(DWPackFree(&p));
  PetscFunctionReturn(0);
}

/* Testing aid (tests/farm/campaign_test.sh, case stall): DWELL_TEST_STOP_IN_TASK=STAGE makes
   the last rank stop itself (SIGSTOP) as it starts its first task of STAGE, so the test stops a
   worker that certainly holds a task, however fast the campaign runs. */
static void StopInTaskForTest(MPI_Comm comm, const char *stage)
{
  static int stopped;
  const char *want = getenv("DWELL_TEST_STOP_IN_TASK");
  PetscMPIInt rank, size;

  if (!want || stopped || strcmp(want, stage)) return;
  if (MPI_Comm_rank(comm, &rank) || MPI_Comm_size(comm, &size) || rank != size - 1) return;
  stopped = 1;
  raise(SIGSTOP);
}

static PetscErrorCode RunOrder(DWCampaign c, DWShard shard, const DWTaskOrder *o, DWPack *payload,
                               DWTaskReport *rep)
{
  int status;
  PetscLogDouble t0, t1;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(rep, sizeof(*rep)));
  rep->key = o->key;
  PetscCall(PetscTime(&t0));
  if (DWFarmStopRequested(c)) /* a task received before the stop (prefetched): not started */
    status = DW_TASK_ABANDONED;
  else {
    StopInTaskForTest(c->comm, DWStageGet(o->key.kind)->name);
    PetscCall(DWTaskExecute(c, o, payload, &status, rep->reason, sizeof(rep->reason)));
  }
  if (status != DW_TASK_ABANDONED) {
    uint32_t len = (uint32_t)payload->len;
    PetscCall(DWShardAppend(shard, DWTaskId(c, o->key), (uint32_t)o->key.kind,
                            (DWShardStatus)status, payload->data, len, &rep->where));
  }
  if (status == DW_SHARD_DONE && DWStageGet(o->key.kind)->dag->children) {
    DWUnpack u;
    DWTaskKey key;
    int64_t ncand;
    DWUnpackInit(&u, payload->data, payload->len);
    PetscCall(DWTaskUnpackKey(&u, &key));
    PetscCall(DWStageGet(o->key.kind)->dag->children(&u, &ncand));
    rep->ncandidates = (int32_t)ncand;
  }
  PetscCall(PetscTime(&t1));
  rep->status  = status;
  rep->seconds = t1 - t0;
  rep->stop    = DWFarmSignal != 0;
  PetscFunctionReturn(0);
}

/* After the stop: the master's list of the workers left out (DWFarmOutcome). */
static PetscErrorCode ReceiveLeftOut(MPI_Comm comm, PetscMPIInt rank, DWFarmOutcome *out)
{
  MPI_Status st;
  int n;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Probe(0, DW_TAG_LIVE, comm, &st));
  PetscCallMPI(MPI_Get_count(&st, MPI_INT, &n));
  PetscCall(PetscMalloc1(n + 1, &out->out));
  PetscCallMPI(MPI_Recv(out->out, n, MPI_INT, 0, DW_TAG_LIVE, comm, MPI_STATUS_IGNORE));
  out->nout = n;
  for (int k = 0; k < n; k++)
    if (out->out[k] == rank) out->left_out = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWFarmWorker(DWCampaign c, DWFarmOutcome *out)
{
  PetscMPIInt rank;
  DWShard shard;
  DWPack payload;
  DWTaskOrder o;
  DWTaskReport rep;
  MPI_Status st;
  PetscLogDouble t0, t1, wait, waited = 0, busy = 0, start;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(c->comm, &rank));
  PetscCall(DWShardOpen(c->shards, rank, &shard));
  PetscCallMPI(MPI_Barrier(c->comm)); /* torn tails are cut before the master reads */
  PetscCall(DWPackInit(&payload));
  PetscCall(PetscTime(&start));
  while (1) {
    PetscCall(PetscTime(&t0));
    PetscCall(DWFarmWaitMessage(c->comm, 0, MPI_ANY_TAG, &st));
    PetscCall(PetscTime(&t1));
    wait = t1 - t0;
    waited += wait;
    if (st.MPI_TAG == DW_TAG_STOP) {
      PetscCallMPI(MPI_Recv(NULL, 0, MPI_BYTE, 0, DW_TAG_STOP, c->comm, MPI_STATUS_IGNORE));
      PetscCallMPI(MPI_Send(NULL, 0, MPI_BYTE, 0, DW_TAG_BYE, c->comm));
      break;
    }
    PetscCall(ReceiveOrder(c->comm, &st, &o));
    PetscCall(RunOrder(c, shard, &o, &payload, &rep));
    busy += rep.seconds;
    rep.waited = wait;
    PetscCall(PetscFree(o.inputs));
    PetscCallMPI(MPI_Send(&rep, sizeof(rep), MPI_BYTE, 0, DW_TAG_REPORT, c->comm));
  }
  PetscCall(DWPackFree(&payload));
  PetscCall(DWShardClose(&shard));
  PetscCall(ReceiveLeftOut(c->comm, rank, out));
  out->sums[0] = waited;
  out->sums[1] = busy;
  PetscFunctionReturn(0);
}
