/* The stages that work on a sample's glass alone (elastic, pull): their place in the DAG (ready
   once the glass is done, which is their one input) and the glass's inherent structure, the
   glass payload's configuration (quenched to T_exp) minimised with the campaign's minimiser
   (-min_... options). */
#include "farm/stage.h"
#include <dwell/minimizer.h>
#include <dwell/neighbor.h>

PetscErrorCode DWStageGlassIS(DWSystem sys, DWPotential *pot, PetscBool *failed, char reason[],
                              size_t len)
{
  DWMinimizer min;
  DWNeighborList nl;
  DWMinimizerResult mr;

  PetscFunctionBegin;
  PetscCall(DWPotentialCreate(PETSC_COMM_SELF, pot));
  PetscCall(DWPotentialSetFromOptions(*pot));
  PetscCall(DWPotentialSetUp(*pot, sys));
  PetscCall(DWNeighborListCreate(PETSC_COMM_SELF, &nl));
  PetscCall(DWMinimizerCreate(PETSC_COMM_SELF, &min));
  PetscCall(DWMinimizerSetFromOptions(min));
  PetscCall(DWMinimizerSolve(min, sys, *pot, nl, &mr));
  *failed = (PetscBool)(mr.reason <= 0);
  if (*failed)
    PetscCall(PetscSNPrintf(reason, len, "the glass did not minimise (%s, |F|_inf = %g)",
                            DWMinimizerReasonName(mr.reason), (double)mr.fmax));
  PetscCall(DWMinimizerDestroy(&min));
  PetscCall(DWNeighborListDestroy(&nl));
  PetscFunctionReturn(0);
}

PetscBool DWStageGlassReady(const DWDag *dag, PetscInt s)
{
  return (PetscBool)(dag->slot[DW_TASK_GLASS][s][0].state == DW_SLOT_DONE);
}

PetscErrorCode DWStageGlassInputs(const DWDag *dag, DWTaskOrder *o)
{
  PetscFunctionBegin;
  o->inputs[o->ninputs++] = dag->slot[DW_TASK_GLASS][o->key.sample][0].where;
  PetscFunctionReturn(0);
}
