/* The exploration tasks of a campaign ([JCP23] II.D; include/dwell/explore.h, islib.h):
   explore(s, r) is isoconfigurational run r of glass s (DWExploreRunOne, stream (seed,
   DW_STAGE_EXPLORE, s, r)) with the runs, tau_cg and tau_total of the glass's T_f (the
   campaign's plan, [JCP23] Table I); merge(s) merges the runs of glass s into its IS library
   (DWISLibraryMerge: labels by energy, transition counts, candidate pairs), which does not
   depend on the order the runs arrive in. */
#include "farm/farmimpl.h"
#include <dwell/explore.h>

/* An exploration of glass s (its model set up on the glass), configured from the options
   with the plan of the glass's T_f. */
static PetscErrorCode CreateExplore(DWCampaign c, PetscInt sample, DWSystem glass, DWPotential *pot,
                                    DWExplore *ex)
{
  DWCampaignOverride o;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(DWPotentialCreate(PETSC_COMM_SELF, pot));
  PetscCall(DWPotentialSetFromOptions(*pot));
  PetscCall(DWPotentialSetUp(*pot, glass));
  PetscCall(DWExploreCreate(PETSC_COMM_SELF, ex));
  PetscCall(DWExploreSetSystem(*ex, glass, *pot));
  PetscCall(DWCampaignExploreOptionsPush(c, DWCampaignSampleTf(c, sample), &o));
  ierr = DWExploreSetFromOptions(*ex); /* the database is restored even after an error */
  PetscCall(DWCampaignExploreOptionsPop(&o));
  PetscCall(ierr);
  PetscCall(DWExploreSetSeed(*ex, c->seed, sample));
  PetscCall(DWExploreSetUp(*ex));
  PetscFunctionReturn(0);
}

PetscErrorCode DWTaskExplore(DWCampaign c, DWTaskKey key, DWUnpack *in, DWPack *out)
{
  DWSystem glass;
  DWPotential pot;
  DWExplore ex;
  DWISRun run;

  PetscFunctionBegin;
  PetscCall(DWPayloadUnpackGlass(in, &glass, NULL));
  PetscCall(CreateExplore(c, key.sample, glass, &pot, &ex));
  PetscCall(DWExploreRunOne(ex, key.index, &run));
  PetscCall(DWPayloadPackRun(out, &run));
  PetscCall(DWISRunDestroy(&run));
  PetscCall(DWExploreDestroy(&ex));
  PetscCall(DWPotentialDestroy(&pot));
  PetscCall(DWSystemDestroy(&glass));
  PetscFunctionReturn(0);
}

/* The key of an input record (its payload's first bytes, read again). */
static PetscErrorCode InputKey(const DWUnpack *in, DWTaskKey *key)
{
  DWUnpack u = *in;

  PetscFunctionBegin;
  u.pos = 0;
  PetscCall(DWTaskUnpackKey(&u, key));
  PetscFunctionReturn(0);
}

/* The inputs are the sample's runs and, under the fast protocol, the training records of its
   pre-screen (merge and neb records of earlier samples, DWDagScreenInputs). */
PetscErrorCode DWTaskMerge(DWCampaign c, DWTaskKey key, PetscInt nin, DWUnpack in[], DWPack *out)
{
  DWISLibrary lib;
  DWISLibraryData d;
  DWISRun run;
  DWUnpack *train;
  DWTaskKey *keys;
  PetscInt ntrain = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(nin + 1, &train, nin + 1, &keys));
  PetscCall(DWISLibraryCreate(PETSC_COMM_SELF, &lib));
  PetscCall(DWISLibrarySetTolerances(lib, c->tol_e, c->tol_x));
  PetscCall(DWISLibrarySetCandidateThreshold(lib, c->min_transitions));
  for (PetscInt k = 0; k < nin; k++) {
    PetscCall(InputKey(&in[k], &keys[ntrain]));
    if (keys[ntrain].kind != DW_TASK_EXPLORE) {
      train[ntrain++] = in[k];
      continue;
    }
    PetscCall(DWPayloadUnpackRun(&in[k], &run));
    PetscCall(DWISLibraryAddRun(lib, &run));
    PetscCall(DWISRunDestroy(&run));
  }
  PetscCall(DWISLibraryMerge(lib));
  PetscCall(DWISLibraryGetData(lib, &d));
  if (c->screen.protocol == DW_PROTOCOL_FAST)
    PetscCall(DWTaskMergeScreen(c, key, &d, ntrain, keys, train, out));
  else
    PetscCall(DWPayloadPackMerge(out, &d));
  PetscCall(DWISLibraryDestroy(&lib));
  PetscCall(PetscFree2(train, keys));
  PetscFunctionReturn(0);
}
