/* The master rank of a campaign (DESIGN.md section 5): it holds the DAG, hands ready tasks
   to idle workers (deepest stage first), learns from each report where the result went and
   what became ready, prints progress, and stops the campaign cleanly on SIGTERM, SIGINT,
   SIGUSR1, -max_time, the loss of the directory's lock, or when nothing is left: it stops
   handing out work, sends every worker a stop (long tasks end at their next checkpoint),
   collects the reports of the tasks in flight (committed by the workers) and returns.

   Prefetch. Between two tasks a worker would wait for its report to reach the master and the
   next order to come back (both poll with a sleep of up to 5 ms: on tiny tasks that was 3.6%
   of the workers' time, issue 17). When every idle worker has a task and more are ready, a
   busy worker whose stage's tasks have all been short (-campaign_prefetch_below, default
   DW_PREFETCH_BELOW s) is sent its next task at once; it starts it when it reports the
   first. The bound keeps a held task from waiting long behind another while workers are
   idle at the end of a stage. Which worker runs a task changes nothing in the results.

   Stalled workers. A task that runs longer than its stage's limit (-campaign_task_timeout T
   seconds; by default 10 times the longest task of the stage so far in this run, at least
   DW_TIMEOUT_MIN) presumes its worker stalled (SIGSTOP, a hung read of a network file
   system): the task (and the one it holds) is queued again and goes to another worker, and
   the stalled worker gets no more work. If it comes back, its reports are late: a result is
   recorded if the task is not done yet (the first result wins; a second record of a task is a
   duplicate, which every reader ignores, so recording stays exactly-once), a failure or an
   abandoned task is ignored (the task is in other hands), and after its last report the worker is
   idle again. Workers still stalled when the farm ends are left out of what follows
   (DWFarmOutcome). */
#include "farm/farmimpl.h"
#include <time.h>

#define DW_TIMEOUT_MIN    600.0 /* s: the automatic limit is never shorter */
#define DW_TIMEOUT_FACTOR 10.0  /* the automatic limit: this times the longest task of a stage */
#define DW_BYE_WAIT       60.0  /* s an idle worker may take to answer the stop */

typedef enum { WORKER_IDLE = 0, WORKER_BUSY, WORKER_STALLED, WORKER_ANSWERED } WorkerState;

#define DW_WORKER_QUEUE 2 /* tasks a worker may hold: the one it runs and the next (prefetch) */

typedef struct {
  WorkerState state;
  DWTaskKey key[DW_WORKER_QUEUE];   /* its tasks in the order sent, while busy or stalled */
  PetscBool ready[DW_WORKER_QUEUE]; /* work was ready while it waited for this task */
  PetscInt nheld;                   /* how many: reports come back in the same order */
  PetscLogDouble since;             /* when its first task started (was sent, or the one
                                       before it reported) */
  PetscBool idle_ready;             /* when it last became idle, work was ready */
} Worker;

typedef struct {
  PetscMPIInt nworkers;
  Worker *w; /* 1 .. nworkers */
  PetscInt nbusy, nstalled;
  PetscBool stopping, stop_sent, lock_lost, warned;
  PetscInt tasks_run;                /* reports received this session */
  PetscInt sent_ahead;               /* tasks sent to a busy worker (prefetch) */
  double overhead;                   /* s workers waited for a task while one was ready */
  PetscReal longest[DW_TASK_NKINDS]; /* s: the longest task of each stage this session */
  PetscLogDouble start;
  DWProgress progress;
} Master;

/* Sends worker w the next ready task, if any (*found). */
static PetscErrorCode Give(DWCampaign c, DWDag *dag, Master *m, PetscMPIInt w, PetscBool *found)
{
  DWTaskOrder o;
  Worker *wk = &m->w[w];

  PetscFunctionBegin;
  PetscCall(DWDagNext(dag, &o, found));
  if (!*found) PetscFunctionReturn(0);
  PetscCall(DWTaskOrderSend(c->comm, w, &o));
  PetscCall(PetscFree(o.inputs));
  m->sent_ahead += wk->nheld > 0;
  wk->ready[wk->nheld] = (PetscBool)(wk->nheld > 0 || wk->idle_ready);
  wk->key[wk->nheld++] = o.key;
  if (wk->state == WORKER_IDLE) {
    wk->state = WORKER_BUSY;
    PetscCall(PetscTime(&wk->since));
    m->nbusy++;
  }
  PetscFunctionReturn(0);
}

/* A busy worker gets its next task before it reports (it then starts it without waiting for
   the master) when the tasks of the stage it runs have all been short in this run: at most
   -campaign_prefetch_below seconds, so a task waiting behind another waits no longer. */
static PetscBool Prefetch(DWCampaign c, const Master *m, const Worker *w)
{
  const int kind = w->key[0].kind;
  return (PetscBool)(w->state == WORKER_BUSY && w->nheld < DW_WORKER_QUEUE &&
                     c->prefetch_below > 0 && m->progress.finished[kind] > 0 &&
                     m->longest[kind] <= c->prefetch_below);
}

/* Idle workers first, one task each; then, while tasks are left, the next task of the
   workers that may prefetch. */
static PetscErrorCode Dispatch(DWCampaign c, DWDag *dag, Master *m)
{
  PetscBool found = PETSC_TRUE;

  PetscFunctionBegin;
  if (m->stopping) PetscFunctionReturn(0);
  for (PetscMPIInt w = 1; w <= m->nworkers && found; w++)
    if (m->w[w].state == WORKER_IDLE) PetscCall(Give(c, dag, m, w, &found));
  for (PetscMPIInt w = 1; w <= m->nworkers; w++) /* they wait for the DAG, not the master */
    if (m->w[w].state == WORKER_IDLE) m->w[w].idle_ready = PETSC_FALSE;
  for (PetscMPIInt w = 1; w <= m->nworkers && found; w++)
    if (Prefetch(c, m, &m->w[w])) PetscCall(Give(c, dag, m, w, &found));
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
  } else if (DWDirLockLost(c->lock)) {
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, stderr,
                           "\ndwell run: the lock of %s was taken over by another command (this "
                           "run was stopped too long?): no new tasks\n",
                           c->dir));
    m->stopping  = PETSC_TRUE;
    m->lock_lost = PETSC_TRUE;
  }
  if (m->stopping) PetscCall(SendStops(c, m));
  PetscFunctionReturn(0);
}

/* Seconds a task of `kind` may run before its worker is presumed stalled (<= 0: no limit). */
static PetscReal Limit(DWCampaign c, const Master *m, int kind)
{
  if (c->task_timeout > 0) return c->task_timeout;
  if (c->task_timeout < 0 || m->longest[kind] <= 0) return -1;
  return PetscMax(DW_TIMEOUT_MIN, DW_TIMEOUT_FACTOR * m->longest[kind]);
}

/* Busy workers over their task's limit are presumed stalled and their tasks queued again;
 *changed when that happened. */
static PetscErrorCode CheckTimeouts(DWCampaign c, DWDag *dag, Master *m, PetscBool *changed)
{
  PetscLogDouble now;

  PetscFunctionBegin;
  *changed = PETSC_FALSE;
  PetscCall(PetscTime(&now));
  for (PetscMPIInt r = 1; r <= m->nworkers; r++) {
    Worker *w           = &m->w[r];
    const PetscReal lim = w->state == WORKER_BUSY ? Limit(c, m, w->key[0].kind) : -1;
    if (lim <= 0 || now - w->since <= lim) continue;
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, stderr,
                           "%sdwell run: rank %d has run %s(%d, %d) for %.0f s, over the limit of "
                           "%.1f s (-campaign_task_timeout): presumed stalled; its task%s go%s to "
                           "other workers and a late result is ignored\n",
                           m->progress.tty ? "\n" : "", (int)r, DWTaskKindName(w->key[0].kind),
                           (int)w->key[0].sample, (int)w->key[0].index, now - w->since, (double)lim,
                           w->nheld > 1 ? "s" : "", w->nheld > 1 ? "" : "es"));
    w->state = WORKER_STALLED;
    m->nbusy--;
    m->nstalled++;
    for (PetscInt k = 0; k < w->nheld; k++) { /* the task it runs and the one it holds */
      PetscCall(DWDagRequeue(dag, w->key[k]));
      PetscCall(DWDagAfterReport(dag, w->key[k]));
    }
    *changed = PETSC_TRUE;
  }
  PetscFunctionReturn(0);
}

/* Waits for a report (*got), printing progress and watching for a stop and for stalled
   workers meanwhile; returns without a report when a task was queued again, or when only
   stalled workers are left while stopping. */
static PetscErrorCode WaitEvent(DWCampaign c, DWDag *dag, Master *m, PetscBool *got, MPI_Status *st)
{
  int flag = 0;
  long ns  = 20000;
  PetscBool changed;

  PetscFunctionBegin;
  *got = PETSC_FALSE;
  while (1) {
    struct timespec t;
    PetscCallMPI(MPI_Iprobe(MPI_ANY_SOURCE, DW_TAG_REPORT, c->comm, &flag, st));
    if (flag) {
      *got = PETSC_TRUE;
      break;
    }
    PetscCall(CheckStop(c, m));
    PetscCall(CheckTimeouts(c, dag, m, &changed));
    if (changed || (m->stopping && !m->nbusy)) break;
    PetscCall(DWProgressUpdate(c, &m->progress, dag, m->nworkers, PETSC_FALSE));
    t.tv_sec  = 0;
    t.tv_nsec = ns;
    nanosleep(&t, NULL);
    ns = PetscMin(2 * ns, 5000000L);
  }
  PetscFunctionReturn(0);
}

/* The report of a worker presumed stalled: only a result counts (if the task is not done
   yet); *use says whether to apply it. */
static PetscErrorCode Late(Master *m, int rank, const DWTaskReport *rep, PetscBool *use)
{
  PetscFunctionBegin;
  *use = (PetscBool)(rep->status == DW_SHARD_DONE);
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, stderr,
                         "%sdwell run: rank %d is back with %s(%d, %d) (%s after %.0f s): %s\n",
                         m->progress.tty ? "\n" : "", rank, DWTaskKindName(rep->key.kind),
                         (int)rep->key.sample, (int)rep->key.index,
                         rep->status == DW_SHARD_DONE     ? "done"
                         : rep->status == DW_SHARD_FAILED ? "failed"
                                                          : "abandoned",
                         rep->seconds,
                         *use ? "recorded unless its other run was first"
                              : "ignored, the task went to another worker"));
  PetscFunctionReturn(0);
}

/* A report came back: the worker's first task is over and the one it holds (if any) starts. */
static PetscErrorCode PopTask(Master *m, Worker *w)
{
  PetscFunctionBegin;
  for (PetscInt k = 1; k < w->nheld; k++) {
    w->key[k - 1]   = w->key[k];
    w->ready[k - 1] = w->ready[k];
  }
  w->nheld = PetscMax(w->nheld - 1, 0);
  PetscCall(PetscTime(&w->since));
  if (w->nheld) PetscFunctionReturn(0);
  if (w->state == WORKER_STALLED)
    m->nstalled--;
  else
    m->nbusy--;
  w->state = WORKER_IDLE;
  PetscFunctionReturn(0);
}

static PetscErrorCode Receive(DWCampaign c, DWDag *dag, Master *m, const MPI_Status *st)
{
  DWTaskReport rep;
  Worker *w     = &m->w[st->MPI_SOURCE];
  PetscBool use = PETSC_TRUE;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Recv(&rep, sizeof(rep), MPI_BYTE, st->MPI_SOURCE, DW_TAG_REPORT, c->comm,
                        MPI_STATUS_IGNORE));
  if (w->state == WORKER_STALLED) PetscCall(Late(m, st->MPI_SOURCE, &rep, &use));
  if (w->nheld && w->ready[0]) m->overhead += rep.waited;
  PetscCall(PopTask(m, w));
  m->tasks_run++;
  if (rep.status != DW_TASK_ABANDONED) {
    m->progress.seconds[rep.key.kind] += rep.seconds;
    m->progress.finished[rep.key.kind]++;
    m->longest[rep.key.kind] = PetscMax(m->longest[rep.key.kind], rep.seconds);
  }
  if (use) {
    if (rep.status == DW_TASK_ABANDONED)
      PetscCall(DWDagRequeue(dag, rep.key));
    else
      PetscCall(DWDagRecord(dag, rep.key, rep.status, rep.where, rep.ncandidates, rep.reason));
    if (rep.status == DW_SHARD_FAILED)
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, stderr, "%sdwell run: %s(%d, %d) failed: %s\n",
                             m->progress.tty ? "\n" : "", DWTaskKindName(rep.key.kind),
                             (int)rep.key.sample, (int)rep.key.index, rep.reason));
    PetscCall(DWDagAfterReport(dag, rep.key));
  }
  w->idle_ready = PETSC_TRUE; /* until a Dispatch finds no task for it */
  if (rep.stop && !m->stopping) {
    m->stopping = PETSC_TRUE;
    PetscCall(SendStops(c, m));
  }
  PetscFunctionReturn(0);
}

/* After the stop: every worker not presumed stalled answers it at once (none is busy any
   more); one that does not within the limit (-campaign_task_timeout, else DW_BYE_WAIT) was
   stopped while idle, and is presumed stalled too. */
static PetscErrorCode AwaitByes(DWCampaign c, Master *m)
{
  PetscInt waiting = 0;
  PetscLogDouble t0, now;
  const double limit = c->task_timeout > 0 ? c->task_timeout : DW_BYE_WAIT;
  MPI_Status st;
  int flag;

  PetscFunctionBegin;
  for (PetscMPIInt r = 1; r <= m->nworkers; r++) waiting += m->w[r].state != WORKER_STALLED;
  PetscCall(PetscTime(&t0));
  for (now = t0; waiting && now - t0 <= limit;) {
    struct timespec ts = {0, 1000000L};
    PetscCallMPI(MPI_Iprobe(MPI_ANY_SOURCE, DW_TAG_BYE, c->comm, &flag, &st));
    if (!flag) {
      nanosleep(&ts, NULL);
      PetscCall(PetscTime(&now));
      continue;
    }
    PetscCallMPI(
        MPI_Recv(NULL, 0, MPI_BYTE, st.MPI_SOURCE, DW_TAG_BYE, c->comm, MPI_STATUS_IGNORE));
    if (m->w[st.MPI_SOURCE].state == WORKER_STALLED) continue; /* late, and left out anyway */
    m->w[st.MPI_SOURCE].state = WORKER_ANSWERED;
    waiting--;
  }
  for (PetscMPIInt r = 1; r <= m->nworkers; r++) {
    if (m->w[r].state == WORKER_ANSWERED)
      m->w[r].state = WORKER_IDLE;
    else if (m->w[r].state != WORKER_STALLED) {
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, stderr,
                             "dwell run: rank %d did not answer the stop within %.1f s: presumed "
                             "stalled\n",
                             (int)r, limit));
      m->w[r].state = WORKER_STALLED;
    }
  }
  PetscFunctionReturn(0);
}

/* After the farm: every worker learns which workers are left out (those still stalled). */
static PetscErrorCode SendLeftOut(DWCampaign c, Master *m, DWFarmOutcome *out)
{
  PetscFunctionBegin;
  PetscCall(AwaitByes(c, m));
  PetscCall(PetscMalloc1(m->nworkers + 1, &out->out));
  out->nout = 0;
  for (PetscMPIInt r = 1; r <= m->nworkers; r++)
    if (m->w[r].state == WORKER_STALLED) out->out[out->nout++] = r;
  for (PetscMPIInt r = 1; r <= m->nworkers; r++)
    PetscCallMPI(MPI_Send(out->out, (int)out->nout, MPI_INT, r, DW_TAG_LIVE, c->comm));
  if (out->nout)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, stderr,
                           "dwell run: %" PetscInt_FMT " stalled worker(s) left out (rank %d%s); "
                           "the job ends when they come back or are killed\n",
                           out->nout, out->out[0], out->nout > 1 ? ", ..." : ""));
  PetscFunctionReturn(0);
}

PetscErrorCode DWFarmMaster(DWCampaign c, DWDag *dag, DWFarmOutcome *out)
{
  Master m;
  MPI_Status st;
  PetscBool got;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(&m, sizeof(m)));
  PetscCallMPI(MPI_Comm_size(c->comm, &m.nworkers));
  m.nworkers--;
  PetscCall(PetscCalloc1(m.nworkers + 1, &m.w));
  PetscCall(PetscTime(&m.start));
  PetscCall(DWProgressInit(&m.progress));
  while (1) {
    PetscCall(CheckStop(c, &m));
    PetscCall(Dispatch(c, dag, &m));
    if (!m.nbusy && (m.stopping || !m.nstalled || !DWDagReady(dag))) break;
    if (!m.nbusy && !m.warned) { /* work is ready, but every worker is stalled */
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, stderr,
                             "dwell run: every worker is presumed stalled: waiting for one to "
                             "come back (or stop the run: SIGTERM to the ranks)\n"));
      m.warned = PETSC_TRUE;
    }
    PetscCall(WaitEvent(c, dag, &m, &got, &st));
    if (got) PetscCall(Receive(c, dag, &m, &st));
  }
  PetscCall(SendStops(c, &m));
  PetscCall(DWProgressUpdate(c, &m.progress, dag, m.nworkers, PETSC_TRUE));
  PetscCall(DWDagPrintFailures(dag, stderr, "dwell run: "));
  PetscCall(SendLeftOut(c, &m, out));
  PetscCall(DWDagSummarize(dag, &out->sum));
  out->tasks_run  = m.tasks_run;
  out->sent_ahead = m.sent_ahead;
  out->overhead   = m.overhead;
  out->nworkers   = m.nworkers;
  out->start      = m.start;
  out->lock_lost  = m.lock_lost;
  PetscCall(PetscFree(m.w));
  PetscFunctionReturn(0);
}
