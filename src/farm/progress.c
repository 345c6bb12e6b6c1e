/* Progress of a campaign on the master's stderr: tasks done / known per stage, failures,
   the rate of this session and an ETA from the mean wall time of each stage's tasks (NEB
   tasks of samples not merged yet are estimated from the candidates per merged sample).
   On a terminal the line is redrawn every second; in a batch log one line every
   -campaign_progress_interval seconds. */
#include "farm/stage.h"
#include <unistd.h>

PetscErrorCode DWProgressInit(DWProgress *p)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(p, sizeof(*p)));
  PetscCall(PetscTime(&p->start));
  p->last_print = p->start;
  p->tty        = isatty(STDERR_FILENO) ? PETSC_TRUE : PETSC_FALSE;
  PetscFunctionReturn(0);
}

static void FormatTime(double s, char buf[], size_t len)
{
  if (!(s >= 0) || s > 1e8)
    snprintf(buf, len, "?");
  else if (s < 120)
    snprintf(buf, len, "%.0fs", s);
  else if (s < 7200)
    snprintf(buf, len, "%.0fm%02.0fs", floor(s / 60), fmod(s, 60));
  else
    snprintf(buf, len, "%.0fh%02.0fm", floor(s / 3600), fmod(s, 3600) / 60);
}

/* Seconds of work left, spread over the workers: remaining tasks of each stage times the
   mean duration of that stage in this session (stages not seen yet count as unknown). */
static double Remaining(const DWDag *dag, const DWProgress *p, const PetscInt total[],
                        PetscInt nworkers)
{
  double work = 0;

  for (int k = 1; k < DW_TASK_NKINDS; k++) {
    double left    = (double)(total[k] - dag->done[k] - dag->gaveup[k]);
    PetscInt known = 0, tasks = 0;
    for (PetscInt s = 0; s < dag->S && dag->on[k]; s++) {
      const PetscInt n = DWStageGet(k)->dag->count(dag, s);
      if (n < 0) continue;
      known++;
      tasks += n;
    }
    /* samples whose number of tasks is not known yet: the mean of those known */
    if (known) left += (double)tasks / known * (dag->S - known);
    if (left <= 0) continue;
    if (!p->finished[k]) return -1;
    work += left * p->seconds[k] / p->finished[k];
  }
  return work / PetscMax(nworkers, 1);
}

/* A 20-character bar of the settled fraction of the tasks known so far (terminals only). */
static void Bar(const DWDag *dag, const PetscInt total[], PetscBool tty, char bar[], size_t len)
{
  PetscInt settled = 0, known = 0, n;

  if (!tty) {
    bar[0] = 0;
    return;
  }
  for (int k = 1; k < DW_TASK_NKINDS; k++) {
    settled += dag->done[k] + dag->gaveup[k];
    known += total[k];
  }
  n = known ? (20 * settled) / known : 0;
  snprintf(bar, len, "[%.*s%.*s] ", (int)n, "####################", (int)(20 - n),
           "....................");
}

PetscErrorCode DWProgressUpdate(DWCampaign c, DWProgress *p, const DWDag *dag, PetscInt nworkers,
                                PetscBool force)
{
  PetscLogDouble now;
  PetscInt finished = 0;
  DWDagSummary sum;
  const PetscInt *total = sum.total;
  char elapsed[32], eta[32], bar[48];
  const double interval = p->tty ? 1.0 : c->progress_interval;

  PetscFunctionBegin;
  PetscCall(PetscTime(&now));
  if (!force && (interval <= 0 || now - p->last_print < interval)) PetscFunctionReturn(0);
  p->last_print = now;
  PetscCall(DWDagSummarize(dag, &sum));
  for (int k = 1; k < DW_TASK_NKINDS; k++) finished += p->finished[k];
  FormatTime(now - p->start, elapsed, sizeof(elapsed));
  Bar(dag, total, p->tty, bar, sizeof(bar));
  FormatTime(sum.finished ? 0 : Remaining(dag, p, total, nworkers), eta, sizeof(eta));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, stderr, "%sdwell run: %s", p->tty ? "\r" : "", bar));
  for (int k = 1; k < DW_TASK_NKINDS; k++)
    if (dag->on[k])
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, stderr, "%s %" PetscInt_FMT "/%" PetscInt_FMT "  ",
                             DWTaskKindName(k), dag->done[k], total[k]));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, stderr,
                         "failed %" PetscInt_FMT " (given up %" PetscInt_FMT
                         ") | %.2f tasks/s | %s elapsed, ETA %s%s",
                         dag->failures, sum.gaveup, finished / PetscMax(now - p->start, 1e-9),
                         elapsed, eta, (p->tty && !force) ? "   " : "\n"));
  PetscFunctionReturn(0);
}
