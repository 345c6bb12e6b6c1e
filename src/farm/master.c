/* The master rank of a campaign (DESIGN.md section 5): it holds the DAG, hands ready tasks
   to idle workers (deepest stage first), learns from each report where the result went and
   what became ready, prints progress, and stops the campaign cleanly on SIGTERM, SIGUSR1,
   -max_time or when nothing is left: it stops handing out work, sends every worker a stop
   (long tasks end at their next checkpoint), collects the reports of the tasks in flight
   (committed by the workers) and returns. */
#include "farm/farmimpl.h"
#include <time.h>

typedef struct {
  PetscMPIInt nworkers;
  PetscBool *busy;
  PetscInt nbusy;
  PetscBool stopping, stop_sent;
  PetscInt tasks_run; /* reports received this session */
  PetscLogDouble start;
  DWProgress progress;
} Master;

static PetscErrorCode Dispatch(DWCampaign c, DWDag *dag, Master *m)
{
  DWTaskOrder o;
  PetscBool found = PETSC_TRUE;

  PetscFunctionBegin;
  for (PetscMPIInt w = 1; w <= m->nworkers && found && !m->stopping; w++) {
    if (m->busy[w]) continue;
    PetscCall(DWDagNext(dag, &o, &found));
    if (!found) break;
    PetscCall(DWTaskOrderSend(c->comm, w, &o));
    PetscCall(PetscFree(o.inputs));
    m->busy[w] = PETSC_TRUE;
    m->nbusy++;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode SendStops(DWCampaign c, Master *m)
{
  PetscFunctionBegin;
  if (m->stop_sent) PetscFunctionReturn(0);
  for (PetscMPIInt w = 1; w <= m->nworkers; w++)
    PetscCallMPI(MPI_Send(NULL, 0, MPI_BYTE, w, DW_TAG_STOP, c->comm));
  m->stop_sent = PETSC_TRUE;
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckStop(DWCampaign c, Master *m)
{
  PetscLogDouble now;

  PetscFunctionBegin;
  if (m->stopping) PetscFunctionReturn(0);
  PetscCall(PetscTime(&now));
  if (DWFarmSignal) {
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, stderr,
                           "\ndwell run: signal %d: no new tasks; waiting for the %" PetscInt_FMT
                           " in flight to commit\n",
                           DWFarmSignal, m->nbusy));
    m->stopping = PETSC_TRUE;
  } else if (c->max_time > 0 && now - m->start > c->max_time) {
    PetscCall(PetscFPrintf(
        PETSC_COMM_SELF, stderr,
        "\ndwell run: -max_time %g s reached: no new tasks; waiting for the %" PetscInt_FMT
        " in flight\n",
        (double)c->max_time, m->nbusy));
    m->stopping = PETSC_TRUE;
  }
  if (m->stopping) PetscCall(SendStops(c, m));
  PetscFunctionReturn(0);
}

/* Waits for a report, printing progress and watching for a stop meanwhile. */
static PetscErrorCode WaitReport(DWCampaign c, const DWDag *dag, Master *m, MPI_Status *st)
{
  int flag = 0;
  long ns  = 20000;

  PetscFunctionBegin;
  while (1) {
    struct timespec t;
    PetscCallMPI(MPI_Iprobe(MPI_ANY_SOURCE, DW_TAG_REPORT, c->comm, &flag, st));
    if (flag) break;
    PetscCall(CheckStop(c, m));
    PetscCall(DWProgressUpdate(c, &m->progress, dag, m->nworkers, PETSC_FALSE));
    t.tv_sec  = 0;
    t.tv_nsec = ns;
    nanosleep(&t, NULL);
    ns = PetscMin(2 * ns, 5000000L);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Receive(DWCampaign c, DWDag *dag, Master *m, const MPI_Status *st)
{
  DWTaskReport rep;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Recv(&rep, sizeof(rep), MPI_BYTE, st->MPI_SOURCE, DW_TAG_REPORT, c->comm,
                        MPI_STATUS_IGNORE));
  m->busy[st->MPI_SOURCE] = PETSC_FALSE;
  m->nbusy--;
  m->tasks_run++;
  if (rep.status == DW_TASK_ABANDONED)
    PetscCall(DWDagRequeue(dag, rep.key));
  else
    PetscCall(DWDagRecord(dag, rep.key, rep.status, rep.where, rep.ncandidates));
  if (rep.status == DW_SHARD_FAILED)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, stderr, "%sdwell run: %s(%d, %d) failed: %s\n",
                           m->progress.tty ? "\n" : "", DWTaskKindName(rep.key.kind),
                           (int)rep.key.sample, (int)rep.key.index, rep.reason));
  if (rep.status != DW_TASK_ABANDONED) {
    m->progress.seconds[rep.key.kind] += rep.seconds;
    m->progress.finished[rep.key.kind]++;
  }
  PetscCall(DWDagAfterReport(dag, rep.key));
  if (rep.stop && !m->stopping) {
    m->stopping = PETSC_TRUE;
    PetscCall(SendStops(c, m));
  }
  PetscFunctionReturn(0);
}

/* Prints the workers' time: busy, waiting for a task in all (the DAG had nothing ready, or
   the master was slow), and waiting between two tasks of the same stage (the master's
   overhead: work was ready). */
static PetscErrorCode Overhead(DWCampaign c, Master *m)
{
  double in[3] = {0, 0, 0}, sums[3];
  PetscLogDouble now;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Reduce(in, sums, 3, MPI_DOUBLE, MPI_SUM, 0, c->comm));
  PetscCall(PetscTime(&now));
  PetscCall(PetscPrintf(
      PETSC_COMM_SELF,
      "workers: %d, busy %.1f s, waiting for tasks %.1f s (%.1f%%), of which "
      "between tasks of one stage %.2f s (%.2f%%: master overhead); tasks run %" PetscInt_FMT
      ", wall %.1f s\n",
      (int)m->nworkers, sums[1], sums[0], 100 * sums[0] / PetscMax(sums[0] + sums[1], 1e-300),
      sums[2], 100 * sums[2] / PetscMax(sums[0] + sums[1], 1e-300), m->tasks_run, now - m->start));
  PetscFunctionReturn(0);
}

PetscErrorCode DWFarmMaster(DWCampaign c, DWDag *dag, PetscBool *complete)
{
  Master m;
  MPI_Status st;
  PetscInt total[DW_TASK_NKINDS];

  PetscFunctionBegin;
  PetscCall(PetscMemzero(&m, sizeof(m)));
  PetscCallMPI(MPI_Comm_size(c->comm, &m.nworkers));
  m.nworkers--;
  PetscCall(PetscCalloc1(m.nworkers + 1, &m.busy));
  PetscCall(PetscTime(&m.start));
  PetscCall(DWProgressInit(&m.progress));
  while (1) {
    PetscCall(CheckStop(c, &m));
    PetscCall(Dispatch(c, dag, &m));
    if (m.nbusy == 0) break; /* nothing ready and nothing in flight, or stopping */
    PetscCall(WaitReport(c, dag, &m, &st));
    PetscCall(Receive(c, dag, &m, &st));
  }
  PetscCall(SendStops(c, &m));
  PetscCall(DWProgressUpdate(c, &m.progress, dag, m.nworkers, PETSC_TRUE));
  PetscCall(DWDagTotals(dag, total, complete));
  PetscCall(Overhead(c, &m));
  PetscCall(PetscFree(m.busy));
  PetscFunctionReturn(0);
}
