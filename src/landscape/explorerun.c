/* One isoconfigurational run ([JCP23] II.D; include/dwell/explore.h):
     x(0) = glass, v(0) ~ Maxwell-Boltzmann(T_exp) from stream (seed, explore, sample, r);
     for k = 1 .. N_cg: MD for tau_cg at T_exp; IS_k = argmin U from a copy of x(t_k);
     IS_k != IS_{k-1} (tolerances of include/dwell/islib.h) -> a transition, optionally
     bisected (re-run from the state at t_{k-1} to the midpoint, minimise, recurse).
   Synchronisation points: after every minimisation the MD neighbour list is rebuilt and
   the forces recomputed (DWExploreSync), and every minimisation starts from a freshly
   built list, so the trajectory from a saved state is the same, bit for bit, whether or
   not anything was re-run in between, and an IS is a function of the configuration it
   was minimised from. The IS are recorded with the glass's centre of mass. */
#include "landscape/exploreimpl.h"
#include <math.h>
#include <time.h>

PetscErrorCode DWExploreSync(DWExplore ex)
{
  PetscFunctionBegin;
  PetscCall(DWNeighborListInvalidate(ex->nl_md));
  PetscCall(DWMDSetUp(ex->md));
  PetscFunctionReturn(0);
}

/* CPU seconds of this process. (PetscGetCPUTime of the Debian PETSc 3.18 build reported
   1e-4 s for a loop of 1.2 s of user time: measured, not usable.) */
static PetscLogDouble CPUSeconds(void)
{
  struct timespec t;
  if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)) return 0;
  return (PetscLogDouble)t.tv_sec + 1e-9 * (PetscLogDouble)t.tv_nsec;
}

static PetscErrorCode SaveState(DWExplore ex, DWExploreState *s)
{
  PetscReal *v;

  PetscFunctionBegin;
  PetscCall(DWMDGetVelocities(ex->md, &v));
  PetscCall(PetscArraycpy(s->x, ex->md_p.x, 3 * ex->md_p.N));
  PetscCall(PetscArraycpy(s->v, v, 3 * ex->md_p.N));
  PetscCall(DWMDGetState(ex->md, &s->step, &s->xi, &s->eta));
  PetscCall(DWMDGetRng(ex->md, &s->rng));
  PetscFunctionReturn(0);
}

static PetscErrorCode RestoreState(DWExplore ex, const DWExploreState *s)
{
  PetscReal *v;

  PetscFunctionBegin;
  PetscCall(DWMDGetVelocities(ex->md, &v));
  PetscCall(PetscArraycpy(ex->md_p.x, s->x, 3 * ex->md_p.N));
  PetscCall(PetscArraycpy(v, s->v, 3 * ex->md_p.N));
  PetscCall(DWMDSetState(ex->md, s->step, s->xi, s->eta));
  PetscCall(DWMDSetRng(ex->md, &s->rng));
  PetscCall(DWExploreSync(ex));
  PetscFunctionReturn(0);
}

static PetscErrorCode Advance(DWExplore ex, DWISRun *run, PetscInt nsteps)
{
  PetscFunctionBegin;
  PetscCall(DWMDStep(ex->md, nsteps));
  run->n_md_steps += nsteps;
  PetscFunctionReturn(0);
}

/* Minimises a copy of the MD configuration; *label is its run-local IS (-1 if the
   minimisation failed), *e its U/N (eps, may be NULL). Ends with a synchronisation point. */
static PetscErrorCode Quench(DWExplore ex, DWISRun *run, PetscInt *label, PetscReal *e)
{
  const DWParticles *is = &ex->min_p;
  DWMinimizerResult res;
  PetscReal com[3] = {0, 0, 0};

  PetscFunctionBegin;
  PetscCall(PetscArraycpy(is->x, ex->md_p.x, 3 * is->N));
  PetscCall(DWNeighborListInvalidate(ex->nl_min));
  PetscCall(DWMinimizerSolve(ex->min, ex->sys_min, ex->pot, ex->nl_min, &res));
  run->n_min++;
  run->n_force_evaluations += res.force_evaluations;
  *label = -1;
  if (e) *e = res.reason > 0 ? res.energy : NAN;
  if (res.reason > 0) {
    for (PetscInt i = 0; i < is->N; i++)
      for (int c = 0; c < 3; c++) com[c] += is->x[3 * i + c] / is->N;
    for (PetscInt i = 0; i < is->N; i++)
      for (int c = 0; c < 3; c++) is->x[3 * i + c] -= com[c] - ex->com0[c];
    PetscCall(DWISRunAddIS(run, res.energy, is->x, ex->tol_e, ex->tol_x, label, NULL));
  } else
    run->n_min_failed++;
  PetscCall(DWExploreSync(ex));
  PetscFunctionReturn(0);
}

/* Bisects the segment from state L (IS idL) to step sR (IS idR != idL) down to `level`
   more levels; records the intermediate IS as visits; *sArr is the first step at which
   idR was seen. Level l keeps its midpoint state in ex->state[1 + l]. */
static PetscErrorCode Bisect(DWExplore ex, DWISRun *run, PetscInt level, const DWExploreState *L,
                             PetscInt idL, PetscInt idR, PetscInt sR, PetscInt *sArr)
{
  const PetscInt sL = L->step, sm = sL + (sR - sL) / 2;
  DWExploreState *M = &ex->state[1 + level];
  PetscInt idM, sArrM;
  PetscReal dt;

  PetscFunctionBegin;
  *sArr = sR;
  if (level == 0 || sR - sL < 2) PetscFunctionReturn(0);
  PetscCall(RestoreState(ex, L));
  PetscCall(Advance(ex, run, sm - sL));
  PetscCall(Quench(ex, run, &idM, NULL));
  if (idM < 0) PetscFunctionReturn(0);
  PetscCall(SaveState(ex, M));
  if (idM == idR)
    PetscCall(Bisect(ex, run, level - 1, L, idL, idR, sm, sArr));
  else if (idM == idL)
    PetscCall(Bisect(ex, run, level - 1, M, idL, idR, sR, sArr));
  else {
    PetscCall(Bisect(ex, run, level - 1, L, idL, idM, sm, &sArrM));
    PetscCall(DWMDGetTimeStep(ex->md, &dt));
    PetscCall(DWISRunAddVisit(run, idM, sArrM * dt));
    PetscCall(Bisect(ex, run, level - 1, M, idM, idR, sR, sArr));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Progress(DWExplore ex, const DWISRun *run, PetscInt k)
{
  PetscLogDouble now;
  PetscMPIInt rank;

  PetscFunctionBegin;
  if (ex->progress_interval <= 0) PetscFunctionReturn(0);
  PetscCallMPI(MPI_Comm_rank(ex->comm, &rank));
  PetscCall(PetscTime(&now));
  if (rank || now - ex->last_progress < ex->progress_interval) PetscFunctionReturn(0);
  ex->last_progress = now;
  PetscCall(PetscFPrintf(
      PETSC_COMM_SELF, PETSC_STDERR,
      "dwell explore: run %" PetscInt_FMT " of 0..%" PetscInt_FMT " (rank 0 has done %" PetscInt_FMT
      " of its %" PetscInt_FMT "), t = %g of %g tau, %" PetscInt_FMT " IS, %" PetscInt_FMT
      " visits in this run\n",
      run->run, ex->runs - 1, ex->local_k, ex->local_n, (double)(k * run->tau_cg),
      (double)run->tau_total, run->n_is, run->n_visits));
  PetscFunctionReturn(0);
}

/* The run's start: glass positions, fresh velocities from the run's stream, IS_0. */
static PetscErrorCode Start(DWExplore ex, PetscInt r, DWISRun *run, PetscInt *id)
{
  DWRng rng;
  PetscReal dt, e, L;

  PetscFunctionBegin;
  PetscCall(DWMDGetTimeStep(ex->md, &dt));
  PetscCall(DWSystemGetBox(ex->glass, &L));
  PetscCall(DWISRunInit(run, r, ex->glass_p.N, L, ex->steps_cg * dt, ex->n_cg * ex->steps_cg * dt,
                        ex->n_cg + 1));
  PetscCall(PetscArraycpy(ex->md_p.x, ex->glass_p.x, 3 * ex->glass_p.N));
  DWRngInit(&rng, (uint64_t)ex->seed, DW_STAGE_EXPLORE, (uint64_t)ex->sample, (uint64_t)r);
  PetscCall(DWMDSetRng(ex->md, &rng));
  PetscCall(DWMDSetState(ex->md, 0, 0, 0));
  PetscCall(DWExploreSync(ex));
  PetscCall(DWMDDrawVelocities(ex->md, ex->T_exp, PETSC_TRUE));
  PetscCall(Quench(ex, run, id, &e));
  PetscCheck(
      *id >= 0, PETSC_COMM_SELF, PETSC_ERR_NOT_CONVERGED,
      "run %" PetscInt_FMT ": the minimisation of the glass itself failed (raise -min_maxit?)", r);
  PetscCall(DWISRunSetSample(run, 0, *id, e));
  PetscCall(DWISRunAddVisit(run, *id, 0));
  PetscCall(SaveState(ex, &ex->state[0]));
  PetscFunctionReturn(0);
}

PetscErrorCode DWExploreRunOne(DWExplore ex, PetscInt r, DWISRun *run)
{
  PetscInt prev, cur, sArr;
  PetscReal dt, e;
  PetscLogDouble t0, t1;

  PetscFunctionBegin;
  PetscCall(DWExploreSetUp(ex));
  PetscCheck(r >= 0 && r < ex->runs, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "run %" PetscInt_FMT " not in 0..%" PetscInt_FMT, r, ex->runs - 1);
  t0 = CPUSeconds();
  PetscCall(DWMDGetTimeStep(ex->md, &dt));
  PetscCall(Start(ex, r, run, &prev));
  for (PetscInt k = 1; k <= ex->n_cg; k++) {
    PetscCall(Advance(ex, run, ex->steps_cg));
    PetscCall(Quench(ex, run, &cur, &e));
    PetscCall(DWISRunSetSample(run, k, cur, e));
    if (cur >= 0 && cur != prev) {
      sArr = k * ex->steps_cg;
      if (ex->bisect_depth) {
        PetscCall(SaveState(ex, &ex->state[1]));
        PetscCall(Bisect(ex, run, ex->bisect_depth, &ex->state[0], prev, cur, sArr, &sArr));
        PetscCall(RestoreState(ex, &ex->state[1]));
      }
      PetscCall(DWISRunAddVisit(run, cur, sArr * dt));
      prev = cur;
    }
    if (cur >= 0 && ex->bisect_depth) PetscCall(SaveState(ex, &ex->state[0]));
    PetscCall(Progress(ex, run, k));
  }
  t1            = CPUSeconds();
  run->cpu_time = t1 - t0;
  PetscFunctionReturn(0);
}
