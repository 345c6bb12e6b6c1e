/* The two schemes of swap Monte Carlo (include/dwell/swap.h), registered by name in swap.c:
     hybrid  blocks of n_md MD steps (the DWMD's thermostat) alternating with n_swap swap
             attempts (Berthier et al., J. Stat. Mech. (2019) 064004; [JCP23] II.B);
     mc      sweeps of N attempts, each a swap with probability -swap_fraction, else a
             translation (Ninarello, Berthier, Coslovich PRX 7, 021039 (2017)).
   Each create function fills the scheme's ops table (swapimpl.h). */
#include "dynamics/swapimpl.h"
#include <petscviewer.h>

/* hybrid: the MD moves the same system at the same temperature (the MD's, followed from run
   to run, unless one was set). */
static PetscErrorCode SetUp_Hybrid(DWSwap swap)
{
  PetscReal Tmd;

  PetscFunctionBegin;
  PetscCheck(swap->md, swap->comm, PETSC_ERR_ARG_WRONGSTATE,
             "the hybrid swap scheme needs the MD: call DWSwapSetMD() (or use -swap_type mc)");
  PetscCheck(swap->md->sys == swap->sys, swap->comm, PETSC_ERR_ARG_INCOMP,
             "the MD given to DWSwapSetMD() moves another system than DWSwapSetSystem()'s");
  PetscCall(DWMDGetTemperature(swap->md, &Tmd));
  if (!swap->Tset) swap->T = Tmd;
  PetscCheck(PetscAbsReal(swap->T - Tmd) <= 1e-12 * Tmd, swap->comm, PETSC_ERR_ARG_INCOMP,
             "hybrid swap: the swap temperature %g differs from the MD thermostat's %g",
             (double)swap->T, (double)Tmd);
  PetscFunctionReturn(0);
}

static PetscErrorCode Run_Hybrid(DWSwap swap, PetscInt n)
{
  PetscFunctionBegin;
  PetscCall(SetUp_Hybrid(swap));
  for (PetscInt b = 0; b < n; b++) {
    PetscCall(DWMDStep(swap->md, swap->md_steps));
    PetscCall(DWSwapBlock(swap));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode BlockTime_Hybrid(DWSwap swap, PetscReal *t)
{
  PetscReal dt;

  PetscFunctionBegin;
  PetscCheck(swap->md, swap->comm, PETSC_ERR_ARG_WRONGSTATE,
             "the hybrid swap scheme needs the MD: call DWSwapSetMD()");
  PetscCall(DWMDGetTimeStep(swap->md, &dt));
  *t = swap->md_steps * dt;
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Hybrid(DWSwap swap, PetscViewer viewer, const char rule[])
{
  PetscFunctionBegin;
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "DWSwap hybrid: T = %g, blocks of %" PetscInt_FMT
                                   " MD steps + %g N swap attempts, swaps of %s\n",
                                   (double)swap->T, swap->md_steps,
                                   (double)swap->attempts_per_particle, rule));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapCreate_Hybrid(DWSwap swap)
{
  PetscFunctionBegin;
  swap->ops->setup     = SetUp_Hybrid;
  swap->ops->run       = Run_Hybrid;
  swap->ops->blocktime = BlockTime_Hybrid;
  swap->ops->view      = View_Hybrid;
  PetscFunctionReturn(0);
}

/* mc: positions may have moved since the last run (the list is brought up to date first);
   the MD, if any, gets the forces of the final configuration. */
static PetscErrorCode Run_MC(DWSwap swap, PetscInt n)
{
  PetscFunctionBegin;
  PetscCall(DWSwapUpdateList(swap));
  for (PetscInt b = 0; b < n; b++) PetscCall(DWSwapSweep(swap));
  if (n > 0) PetscCall(DWSwapRefreshMD(swap));
  PetscFunctionReturn(0);
}

static PetscErrorCode BlockTime_MC(DWSwap swap, PetscReal *t)
{
  PetscFunctionBegin;
  *t = 0;
  PetscFunctionReturn(0);
}

static PetscErrorCode View_MC(DWSwap swap, PetscViewer viewer, const char rule[])
{
  PetscFunctionBegin;
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "DWSwap mc: T = %g, swap fraction %g, swaps of %s, delta = %g (tuning %s), list skin %g\n",
      (double)swap->T, (double)swap->fraction, rule, (double)swap->delta, swap->tune ? "on" : "off",
      (double)swap->listskin));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSwapCreate_MC(DWSwap swap)
{
  PetscFunctionBegin;
  swap->ops->translations = PETSC_TRUE;
  swap->ops->run          = Run_MC;
  swap->ops->blocktime    = BlockTime_MC;
  swap->ops->view         = View_MC;
  PetscFunctionReturn(0);
}
