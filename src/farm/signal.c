/* Signals and waiting of the campaign's ranks. SIGTERM, SIGINT and SIGUSR1 (SLURM's --signal,
   scancel with srun, mpirun forwarding SIGUSR1, Ctrl-C or kill of the ranks) only set a
   flag: the master stops handing out work and the workers stop long tasks at their next
   checkpoint (DESIGN.md section 5), and every rank exits 0. (SIGINT was left to its default
   action, which killed the rank: a Ctrl-C stop ended with exit 130.) Open MPI's mpirun treats
   a SIGTERM or SIGINT sent to mpirun itself as an abort: it sends SIGTERM to the ranks and
   SIGKILL a second later, and exits 1 whatever the ranks do; a clean stop through mpirun is
   SIGUSR1, which it forwards (jobs/run-local.sh does this on Ctrl-C). Idle ranks poll
   for messages with growing sleeps instead of MPI's busy wait, so that on an oversubscribed
   node the master and idle workers leave the cores to the busy ones. */
#include "farm/farmimpl.h"
#include <signal.h>
#include <time.h>

volatile int DWFarmSignal = 0;

static void OnSignal(int sig)
{
  DWFarmSignal = sig;
}

PetscErrorCode DWFarmCatchSignals(void)
{
  struct sigaction sa;

  PetscFunctionBegin;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  PetscCheck(!sigaction(SIGTERM, &sa, NULL) && !sigaction(SIGINT, &sa, NULL) &&
                 !sigaction(SIGUSR1, &sa, NULL),
             PETSC_COMM_SELF, PETSC_ERR_SYS, "cannot install the SIGTERM/SIGINT/SIGUSR1 handlers");
  PetscFunctionReturn(0);
}

static void Sleep(long ns)
{
  struct timespec t = {0, ns};
  nanosleep(&t, NULL);
}

PetscErrorCode DWFarmWaitMessage(MPI_Comm comm, int source, int tag, MPI_Status *status)
{
  int flag = 0;
  long ns  = 20000; /* 20 us, doubling to 5 ms */

  PetscFunctionBegin;
  while (1) {
    PetscCallMPI(MPI_Iprobe(source, tag, comm, &flag, status));
    if (flag) break;
    Sleep(ns);
    ns = PetscMin(2 * ns, 5000000L);
  }
  PetscFunctionReturn(0);
}

PetscBool DWFarmStopRequested(DWCampaign c)
{
  int flag = 0;
  MPI_Status st;

  if (DWFarmSignal) return PETSC_TRUE;
  if (MPI_Iprobe(0, DW_TAG_STOP, c->comm, &flag, &st) != MPI_SUCCESS) return PETSC_FALSE;
  return flag ? PETSC_TRUE : PETSC_FALSE;
}
