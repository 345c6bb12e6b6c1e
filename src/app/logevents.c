/* The logging events of every package and module a campaign uses, registered at the start of
   `dwell run` on every rank in one fixed order. PETSc's -log_view sums an event over the ranks
   by its registration index; a module registers its events when it is first used, and in a
   campaign only the workers run glasses, explorations and NEBs (rank 0 only the master, then
   the report), so without this the ranks' indices differ and the summary mixes events (seen:
   DWNEBSolve missing, DWNeighborBuild with a max/min ratio of 5062). */
#include "app/commands.h"
#include <dwell/explore.h>
#include <dwell/glass.h>
#include <dwell/io.h>
#include <dwell/islib.h>
#include <dwell/library.h>
#include <dwell/md.h>
#include <dwell/minimizer.h>
#include <dwell/modes.h>
#include <dwell/neb.h>
#include <dwell/neighbor.h>
#include <dwell/potential.h>
#include <dwell/quantum.h>
#include <dwell/screen.h>
#include <dwell/swap.h>
#include <petscksp.h>
#include <petsctao.h>
#include <slepceps.h>

/* PETSc's and SLEPc's own packages (each registers its events on first use). */
static PetscErrorCode RegisterLibraries(void)
{
  PetscFunctionBegin;
  PetscCall(VecInitializePackage());
  PetscCall(MatInitializePackage());
  PetscCall(PCInitializePackage());
  PetscCall(KSPInitializePackage());
  PetscCall(TaoInitializePackage());
  PetscCall(DWModesInitializePackage()); /* SlepcInitialize */
  PetscCall(EPSInitializePackage());
  PetscFunctionReturn(0);
}

PetscErrorCode DWAppLogRegisterAll(void)
{
  PetscFunctionBegin;
  PetscCall(RegisterLibraries());
  PetscCall(DWNeighborLogRegister());
  PetscCall(DWPotentialRegisterAll());
  PetscCall(DWMDThermostatRegisterAll());
  PetscCall(DWSwapRegisterAll());
  PetscCall(DWGlassLogRegister());
  PetscCall(DWMinimizerRegisterAll());
  PetscCall(DWExploreLogRegister());
  PetscCall(DWISLibraryLogRegister());
  PetscCall(DWISLibraryFileLogRegister());
  PetscCall(DWNEBRegisterAll());
  PetscCall(DWNEBLogRegister());
  PetscCall(DWTunnelLogRegister());
  PetscCall(DWScreenLogRegister());
  PetscCall(DWModesRegisterAll());
  PetscCall(DWCampaignLibraryLogRegister());
  PetscFunctionReturn(0);
}
