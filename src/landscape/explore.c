/* DWExplore: the object, its settings and DWExploreSolve, which distributes the
   isoconfigurational runs over the ranks and merges them (include/dwell/explore.h; one run
   is in explorerun.c).

   Thermostat. The default is Nose-Hoover (tau_T = 0.1 tau): canonical at T_exp, and
   deterministic once the Maxwell-Boltzmann velocities are drawn, so a run is a function of
   (glass, seed, sample, run). The thermostat of [JCP23] II.D could not be checked against
   the paper's text from here; -md_thermostat andersen (stochastic, canonical) or none
   (NVE) are the alternatives, and the IS bookkeeping does not depend on the choice (the
   centre-of-mass drift of Andersen is removed when an IS is recorded). */
#include "landscape/exploreimpl.h"
#include "landscape/minimizerimpl.h"
#include <petscviewer.h>

static PetscLogEvent DW_EXPLORE_RUN;

PetscErrorCode DWExploreLogRegister(void)
{
  PetscFunctionBegin;
  if (!DW_EXPLORE_RUN) PetscCall(PetscLogEventRegister("DWExploreRun", 0, &DW_EXPLORE_RUN));
  PetscFunctionReturn(0);
}

PetscErrorCode DWExploreCreate(MPI_Comm comm, DWExplore *ex)
{
  DWExplore e;

  PetscFunctionBegin;
  PetscCall(DWExploreLogRegister());
  PetscCall(PetscNew(&e));
  e->comm              = comm;
  e->runs              = 1;
  e->tol_e             = DW_IS_ENERGY_TOL;
  e->tol_x             = DW_IS_DISPLACEMENT_TOL;
  e->min_transitions   = 1;
  e->progress_interval = 10;
  PetscCall(DWMDCreate(comm, &e->md));
  PetscCall(DWMDSetThermostat(e->md, DWMD_NOSEHOOVER));
  PetscCall(DWNeighborListCreate(comm, &e->nl_md));
  PetscCall(DWNeighborListCreate(comm, &e->nl_min));
  PetscCall(DWMinimizerCreate(comm, &e->min));
  *ex = e;
  PetscFunctionReturn(0);
}

static PetscErrorCode FreeStates(DWExplore ex)
{
  PetscFunctionBegin;
  if (!ex->state) PetscFunctionReturn(0);
  for (PetscInt l = 0; l < ex->bisect_depth + 2; l++)
    PetscCall(PetscFree2(ex->state[l].x, ex->state[l].v));
  PetscCall(PetscFree(ex->state));
  PetscFunctionReturn(0);
}

PetscErrorCode DWExploreDestroy(DWExplore *ex)
{
  PetscFunctionBegin;
  if (!*ex) PetscFunctionReturn(0);
  PetscCall(FreeStates(*ex));
  PetscCall(DWSystemDestroy(&(*ex)->sys_md));
  PetscCall(DWSystemDestroy(&(*ex)->sys_min));
  PetscCall(DWMinimizerDestroy(&(*ex)->min));
  PetscCall(DWNeighborListDestroy(&(*ex)->nl_min));
  PetscCall(DWNeighborListDestroy(&(*ex)->nl_md));
  PetscCall(DWMDDestroy(&(*ex)->md));
  PetscCall(PetscFree(*ex));
  PetscFunctionReturn(0);
}

PetscErrorCode DWExploreSetSystem(DWExplore ex, DWSystem glass, DWPotential pot)
{
  PetscFunctionBegin;
  ex->glass = glass;
  ex->pot   = pot;
  ex->setup = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWExploreGetSystem(DWExplore ex, DWSystem *glass, DWPotential *pot)
{
  PetscFunctionBegin;
  if (glass) *glass = ex->glass;
  if (pot) *pot = ex->pot;
  PetscFunctionReturn(0);
}

PetscErrorCode DWExploreSetRuns(DWExplore ex, PetscInt runs)
{
  PetscFunctionBegin;
  PetscCheck(runs >= 1, ex->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-runs %" PetscInt_FMT ": the number of isoconfigurational runs must be >= 1", runs);
  ex->runs  = runs;
  ex->setup = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWExploreSetTimes(DWExplore ex, PetscReal tau_cg, PetscReal tau_total)
{
  PetscFunctionBegin;
  PetscCheck(tau_cg > 0 && PetscIsNormalReal(tau_cg), ex->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-tau_cg %g: the minimisation interval must be positive (tau)", (double)tau_cg);
  PetscCheck(tau_total >= tau_cg && PetscIsNormalReal(tau_total), ex->comm,
             PETSC_ERR_ARG_OUTOFRANGE, "-tau_total %g must be >= -tau_cg %g (tau)",
             (double)tau_total, (double)tau_cg);
  ex->tau_cg    = tau_cg;
  ex->tau_total = tau_total;
  ex->setup     = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWExploreSetTemperature(DWExplore ex, PetscReal T_exp)
{
  PetscFunctionBegin;
  PetscCheck(T_exp > 0 && PetscIsNormalReal(T_exp), ex->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-T_exp %g: the exploration temperature must be positive (eps/k_B)", (double)T_exp);
  ex->T_exp = T_exp;
  ex->T_set = PETSC_TRUE;
  ex->setup = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWExploreSetSeed(DWExplore ex, PetscInt seed, PetscInt sample)
{
  PetscFunctionBegin;
  PetscCheck(seed >= 0, ex->comm, PETSC_ERR_ARG_OUTOFRANGE, "-seed %" PetscInt_FMT " must be >= 0",
             seed);
  PetscCheck(sample >= 0, ex->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-sample %" PetscInt_FMT " must be >= 0", sample);
  ex->seed   = seed;
  ex->sample = sample;
  PetscFunctionReturn(0);
}

PetscErrorCode DWExploreSetTolerances(DWExplore ex, PetscReal tol_e, PetscReal tol_x)
{
  PetscFunctionBegin;
  PetscCheck(tol_e > 0, ex->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-explore_energy_tol %g eps per particle must be positive", (double)tol_e);
  PetscCheck(tol_x > 0, ex->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-explore_displacement_tol %g sigma must be positive", (double)tol_x);
  ex->tol_e = tol_e;
  ex->tol_x = tol_x;
  PetscFunctionReturn(0);
}

PetscErrorCode DWExploreSetBisection(DWExplore ex, PetscInt depth)
{
  PetscFunctionBegin;
  PetscCheck(depth >= 0 && depth <= 30, ex->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-explore_bisect_depth %" PetscInt_FMT " must lie in 0..30", depth);
  PetscCall(FreeStates(ex));
  ex->bisect_depth = depth;
  ex->setup        = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWExploreSetCandidateThreshold(DWExplore ex, PetscInt m)
{
  PetscFunctionBegin;
  PetscCheck(m >= 1, ex->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-explore_min_transitions %" PetscInt_FMT " must be >= 1", m);
  ex->min_transitions = m;
  PetscFunctionReturn(0);
}

PetscErrorCode DWExploreSetFromOptions(DWExplore ex)
{
  PetscInt runs = ex->runs, seed = ex->seed, sample = ex->sample, depth = ex->bisect_depth,
           m       = ex->min_transitions;
  PetscReal tau_cg = ex->tau_cg, tau_total = ex->tau_total, T = ex->T_exp, tol_e = ex->tol_e,
            tol_x = ex->tol_x;
  PetscBool set, mdT, cgset, totalset;

  PetscFunctionBegin;
  PetscOptionsBegin(ex->comm, NULL,
                    "Exploration of a glass: isoconfigurational MD and minimisation", "DWExplore");
  PetscCall(PetscOptionsInt("-runs", "number of isoconfigurational runs R", "DWExploreSetRuns",
                            runs, &runs, NULL));
  PetscCall(PetscOptionsReal("-tau_cg", "interval between minimisations (tau)", "DWExploreSetTimes",
                             tau_cg, &tau_cg, &cgset));
  PetscCall(PetscOptionsReal("-tau_total", "length of each run (tau)", "DWExploreSetTimes",
                             tau_total, &tau_total, &totalset));
  PetscCall(PetscOptionsReal("-T_exp",
                             "exploration temperature (eps/k_B); default pss 0.04, tlj/ka2 0.4",
                             "DWExploreSetTemperature", T, &T, &set));
  PetscCall(PetscOptionsInt("-seed", "campaign seed (streams (seed, explore, sample, run))",
                            "DWExploreSetSeed", seed, &seed, NULL));
  PetscCall(PetscOptionsInt("-sample", "index of the glass in the campaign", "DWExploreSetSeed",
                            sample, &sample, NULL));
  PetscCall(PetscOptionsReal("-explore_energy_tol", "IS identity: energy per particle (eps)",
                             "DWExploreSetTolerances", tol_e, &tol_e, NULL));
  PetscCall(PetscOptionsReal("-explore_displacement_tol",
                             "IS identity: largest particle displacement (sigma)",
                             "DWExploreSetTolerances", tol_x, &tol_x, NULL));
  PetscCall(PetscOptionsInt("-explore_bisect_depth",
                            "levels of bisection of a segment between different IS (0: off)",
                            "DWExploreSetBisection", depth, &depth, NULL));
  PetscCall(PetscOptionsInt("-explore_min_transitions",
                            "candidate pairs: T[a->b] and T[b->a] at least this",
                            "DWExploreSetCandidateThreshold", m, &m, NULL));
  PetscCall(PetscOptionsReal("-explore_progress_interval",
                             "seconds between progress lines on stderr (0: none)", NULL,
                             ex->progress_interval, &ex->progress_interval, NULL));
  PetscOptionsEnd();
  PetscCall(DWExploreSetRuns(ex, runs));
  if (cgset || totalset) {
    PetscCheck(cgset || ex->tau_cg > 0, ex->comm, PETSC_ERR_ARG_NULL,
               "missing required option -tau_cg (the interval between minimisations, tau)");
    PetscCheck(totalset || ex->tau_total > 0, ex->comm, PETSC_ERR_ARG_NULL,
               "missing required option -tau_total (the length of each run, tau)");
    PetscCall(DWExploreSetTimes(ex, tau_cg, tau_total));
  }
  if (set) PetscCall(DWExploreSetTemperature(ex, T));
  PetscCall(DWExploreSetSeed(ex, seed, sample));
  PetscCall(DWExploreSetTolerances(ex, tol_e, tol_x));
  PetscCall(DWExploreSetBisection(ex, depth));
  PetscCall(DWExploreSetCandidateThreshold(ex, m));
  PetscCall(DWMDSetFromOptions(ex->md));
  ex->setup = PETSC_FALSE; /* the time step may have changed */
  PetscCall(PetscOptionsHasName(NULL, NULL, "-md_T", &mdT));
  PetscCheck(!mdT, ex->comm, PETSC_ERR_ARG_WRONG,
             "-md_T is not used by the exploration: give the temperature with -T_exp");
  PetscCall(DWNeighborListSetFromOptions(ex->nl_md));
  PetscCall(DWNeighborListSetFromOptions(ex->nl_min));
  PetscCall(DWMinimizerSetFromOptions(ex->min));
  PetscFunctionReturn(0);
}

/* The model's exploration temperature (DESIGN.md section 3), or 0 when it has none. */
static PetscErrorCode DefaultTemperature(DWPotential pot, PetscReal *T)
{
  DWPotentialType type;
  PetscBool pss, tlj, ka2;

  PetscFunctionBegin;
  PetscCall(DWPotentialGetType(pot, &type));
  PetscCall(PetscStrcmp(type, DWPOTENTIAL_PSS, &pss));
  PetscCall(PetscStrcmp(type, DWPOTENTIAL_TLJ, &tlj));
  PetscCall(PetscStrcmp(type, DWPOTENTIAL_KA2, &ka2));
  *T = pss ? 0.04 : (tlj || ka2) ? 0.4 : 0;
  PetscFunctionReturn(0);
}

static void CenterOfMass(const DWParticles *p, PetscReal com[3])
{
  com[0] = com[1] = com[2] = 0;
  for (PetscInt i = 0; i < p->N; i++)
    for (int c = 0; c < 3; c++) com[c] += p->x[3 * i + c] / p->N;
}

PetscErrorCode DWExploreSetUp(DWExplore ex)
{
  PetscReal dt;

  PetscFunctionBegin;
  if (ex->setup) PetscFunctionReturn(0);
  PetscCheck(ex->glass && ex->pot, ex->comm, PETSC_ERR_ARG_WRONGSTATE,
             "call DWExploreSetSystem() before DWExploreSetUp()");
  PetscCheck(ex->tau_cg > 0, ex->comm, PETSC_ERR_ARG_NULL,
             "missing -tau_cg (the interval between minimisations, tau)");
  if (!ex->T_set) {
    PetscCall(DefaultTemperature(ex->pot, &ex->T_exp));
    PetscCheck(ex->T_exp > 0, ex->comm, PETSC_ERR_ARG_NULL,
               "missing -T_exp: this model has no default exploration temperature");
  }
  PetscCall(DWPotentialSetUp(ex->pot, ex->glass));
  PetscCall(DWMDGetTimeStep(ex->md, &dt));
  ex->steps_cg = (PetscInt)PetscFloorReal(ex->tau_cg / dt + 0.5);
  PetscCheck(ex->steps_cg >= 1 && PetscAbsReal(ex->steps_cg * dt - ex->tau_cg) <= 1e-9 * ex->tau_cg,
             ex->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-tau_cg %g is not a whole number of MD steps of -md_dt %g", (double)ex->tau_cg,
             (double)dt);
  ex->n_cg = (PetscInt)PetscFloorReal(ex->tau_total / ex->tau_cg + 1e-9);
  PetscCall(DWSystemDestroy(&ex->sys_md));
  PetscCall(DWSystemDestroy(&ex->sys_min));
  PetscCall(DWSystemDuplicate(ex->glass, &ex->sys_md));
  PetscCall(DWSystemDuplicate(ex->glass, &ex->sys_min));
  PetscCall(DWSystemGetParticles(ex->glass, &ex->glass_p));
  PetscCall(DWSystemGetParticles(ex->sys_md, &ex->md_p));
  PetscCall(DWSystemGetParticles(ex->sys_min, &ex->min_p));
  PetscCall(DWMDSetSystem(ex->md, ex->sys_md, ex->pot, ex->nl_md));
  PetscCall(DWMDSetTemperature(ex->md, ex->T_exp));
  CenterOfMass(&ex->glass_p, ex->com0);
  PetscCall(FreeStates(ex));
  PetscCall(PetscCalloc1(ex->bisect_depth + 2, &ex->state));
  for (PetscInt l = 0; l < ex->bisect_depth + 2; l++)
    PetscCall(PetscMalloc2(3 * ex->glass_p.N, &ex->state[l].x, 3 * ex->glass_p.N, &ex->state[l].v));
  PetscCall(PetscTime(&ex->last_progress));
  ex->setup = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* Runs r = rank, rank + size, ... of this rank; an error on one rank becomes everyone's. */
static PetscErrorCode RunLocal(DWExplore ex, PetscInt *nlocal, DWISRun **local)
{
  PetscMPIInt rank, size;
  PetscErrorCode ierr = 0, any;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(ex->comm, &rank));
  PetscCallMPI(MPI_Comm_size(ex->comm, &size));
  *nlocal = ex->runs > rank ? (ex->runs - rank + size - 1) / size : 0;
  PetscCall(PetscCalloc1(PetscMax(*nlocal, 1), local));
  ex->local_n = *nlocal;
  PetscCall(PetscTime(&ex->last_progress));
  for (PetscInt k = 0; k < *nlocal && !ierr; k++) {
    ex->local_k = k;
    ierr        = DWExploreRunOne(ex, rank + k * size, &(*local)[k]);
  }
  PetscCallMPI(MPI_Allreduce(&ierr, &any, 1, MPI_INT, MPI_MAX, ex->comm));
  if (any) {
    for (PetscInt k = 0; k < *nlocal; k++) PetscCall(DWISRunDestroy(&(*local)[k]));
    PetscCall(PetscFree(*local));
  }
  PetscCheck(!any, ex->comm, any, "an exploration run failed (the error of its rank is above)");
  PetscFunctionReturn(0);
}

PetscErrorCode DWExploreSolve(DWExplore ex, DWISLibrary *lib)
{
  DWISRun *local, *all;
  PetscInt nlocal, nall;

  PetscFunctionBegin;
  PetscCall(DWExploreSetUp(ex));
  PetscCall(PetscLogEventBegin(DW_EXPLORE_RUN, 0, 0, 0, 0));
  PetscCall(RunLocal(ex, &nlocal, &local));
  PetscCall(PetscLogEventEnd(DW_EXPLORE_RUN, 0, 0, 0, 0));
  PetscCall(DWISRunAllGather(ex->comm, nlocal, local, &nall, &all));
  PetscCall(DWISLibraryCreate(ex->comm, lib));
  PetscCall(DWISLibrarySetTolerances(*lib, ex->tol_e, ex->tol_x));
  PetscCall(DWISLibrarySetCandidateThreshold(*lib, ex->min_transitions));
  for (PetscInt k = 0; k < nall; k++) PetscCall(DWISLibraryAddRun(*lib, &all[k]));
  PetscCall(DWISLibraryMerge(*lib));
  for (PetscInt k = 0; k < nlocal; k++) PetscCall(DWISRunDestroy(&local[k]));
  for (PetscInt k = 0; k < nall; k++) PetscCall(DWISRunDestroy(&all[k]));
  PetscCall(PetscFree(local));
  PetscCall(PetscFree(all));
  PetscFunctionReturn(0);
}

PetscErrorCode DWExploreGetInfo(DWExplore ex, DWExploreInfo *info)
{
  PetscFunctionBegin;
  PetscCall(DWExploreSetUp(ex));
  PetscCall(PetscMemzero(info, sizeof(*info)));
  info->runs            = ex->runs;
  info->n_cg            = ex->n_cg;
  info->steps_cg        = ex->steps_cg;
  info->bisect_depth    = ex->bisect_depth;
  info->min_transitions = ex->min_transitions;
  info->seed            = ex->seed;
  info->sample          = ex->sample;
  info->T_exp           = ex->T_exp;
  PetscCall(DWMDGetTimeStep(ex->md, &info->dt));
  info->tau_cg    = ex->steps_cg * info->dt;
  info->tau_total = ex->n_cg * info->tau_cg;
  PetscCall(DWMDGetCoupling(ex->md, &info->tau_T, &info->nu));
  info->tol_e    = ex->tol_e;
  info->tol_x    = ex->tol_x;
  info->min_ftol = ex->min->ftol;
  PetscCall(DWMDGetThermostat(ex->md, &info->thermostat));
  PetscCall(DWMinimizerGetType(ex->min, &info->min_type));
  PetscCall(DWPotentialGetType(ex->pot, &info->model));
  PetscFunctionReturn(0);
}

PetscErrorCode DWExploreView(DWExplore ex, PetscViewer viewer)
{
  DWExploreInfo info;

  PetscFunctionBegin;
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(ex->comm, &viewer));
  PetscCall(DWExploreGetInfo(ex, &info));
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "DWExplore: %" PetscInt_FMT
      " runs of %g tau at T_exp = %g (%s, dt = %g tau), minimised (%s, |F|_inf <= %g) every %g "
      "tau; IS tolerances %g eps per particle, %g sigma; bisection depth %" PetscInt_FMT
      "; seed %" PetscInt_FMT ", sample %" PetscInt_FMT "\n",
      info.runs, (double)info.tau_total, (double)info.T_exp, info.thermostat, (double)info.dt,
      info.min_type, (double)info.min_ftol, (double)info.tau_cg, (double)info.tol_e,
      (double)info.tol_x, info.bisect_depth, info.seed, info.sample));
  PetscFunctionReturn(0);
}
