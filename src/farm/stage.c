/* The table of a campaign's stages (src/farm/stage.h), in DAG order: glass(s) -> explore(s, r)
   -> merge(s) -> neb(s, c) ([JCP23] Fig. 1 and section II; DESIGN.md "Campaign engine")
   -> modes(s) (issue 14, stagemodes.c, off by default); glass(s) -> elastic(s) (issue 15,
   stageelastic.c, off by default); glass(s) -> pull(s, k) (issue 15, stagepull.c, off by
   default).
   Adding a stage: one file with its DWStageOps, its kind in farmimpl.h, one line here. */
#include "farm/stage.h"

static PetscErrorCode RunGlass(DWCampaign c, const DWTaskOrder *o, DWUnpack in[], DWPack *out,
                               PetscBool *failed, char reason[], size_t len)
{
  PetscFunctionBegin;
  PetscCall(DWTaskGlass(c, o->key, out, failed, reason, len));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunExplore(DWCampaign c, const DWTaskOrder *o, DWUnpack in[], DWPack *out,
                                 PetscBool *failed, char reason[], size_t len)
{
  PetscFunctionBegin;
  PetscCall(DWTaskExplore(c, o->key, &in[0], out));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunMerge(DWCampaign c, const DWTaskOrder *o, DWUnpack in[], DWPack *out,
                               PetscBool *failed, char reason[], size_t len)
{
  PetscFunctionBegin;
  PetscCall(DWTaskMerge(c, o->key, o->ninputs, in, out));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunNEB(DWCampaign c, const DWTaskOrder *o, DWUnpack in[], DWPack *out,
                             PetscBool *failed, char reason[], size_t len)
{
  PetscFunctionBegin;
  PetscCall(DWTaskNEB(c, o->key, &in[0], &in[1], out, failed, reason, len));
  PetscFunctionReturn(0);
}

static const DWStageOps glass   = {"glass",        DW_TASK_GLASS, PETSC_TRUE,         NULL,
                                   &DWDagGlassOps, RunGlass,      &DWCollectGlassOps, PETSC_FALSE};
static const DWStageOps explore = {
    "explore",        DW_TASK_EXPLORE, PETSC_FALSE,          NULL,
    &DWDagExploreOps, RunExplore,      &DWCollectExploreOps, PETSC_FALSE};
static const DWStageOps merge = {"merge",        DW_TASK_MERGE, PETSC_TRUE,         NULL,
                                 &DWDagMergeOps, RunMerge,      &DWCollectMergeOps, PETSC_FALSE};
static const DWStageOps neb   = {"neb",        DW_TASK_NEB, PETSC_FALSE,      NULL,
                                 &DWDagNEBOps, RunNEB,      &DWCollectNEBOps, PETSC_TRUE};

/* Indexed by kind (0 unused). */
static const DWStageOps *const stages[DW_TASK_NKINDS] = {
    NULL, &glass, &explore, &merge, &neb, &DWStageModes, &DWStageElastic, &DWStagePull};

const DWStageOps *DWStageGet(int kind)
{
  return (kind > 0 && kind < DW_TASK_NKINDS) ? stages[kind] : NULL;
}

PetscBool DWStageEnabled(DWCampaign c, int kind)
{
  const DWStageOps *s = DWStageGet(kind);

  return (PetscBool)(s && (!s->enabled || s->enabled(c)));
}

PetscErrorCode DWStageList(DWCampaign c, char list[], size_t len)
{
  PetscFunctionBegin;
  list[0] = 0;
  for (int k = 1; k < DW_TASK_NKINDS; k++) {
    if (!DWStageEnabled(c, k)) continue;
    if (list[0]) PetscCall(PetscStrlcat(list, ",", len));
    PetscCall(PetscStrlcat(list, stages[k]->name, len));
  }
  PetscFunctionReturn(0);
}
