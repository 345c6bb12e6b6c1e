/* The glass task of a campaign: sample s, glass k of T_f index i_Tf, prepared at T_f[i_Tf] by
   DWGlassSolve (include/dwell/glass.h: swap Monte Carlo equilibration proven by F_s, then
   the quench to T_exp) with the seed DWTaskGlassSeed(seed, s). The equilibration
   checkpoints itself to DIR/checkpoints/glass-S.h5 every -glass_checkpoint_interval
   seconds; a stop request (signal, or the master's stop) makes the task stop at its next
   checkpoint, which the next run of the campaign resumes bit for bit. A glass that is not
   proven equilibrated is a failure. */
#include "farm/farmimpl.h"
#include <dwell/glass.h>
#include <dwell/io.h>

typedef struct {
  DWCampaign c;
  char path[PETSC_MAX_PATH_LEN + 64];
} CheckpointContext;

static PetscErrorCode WriteCheckpoint(DWGlass glass, void *ctx)
{
  CheckpointContext *cc = (CheckpointContext *)ctx;

  PetscFunctionBegin;
  PetscCall(DWGlassCheckpointWrite(glass, cc->path));
  PetscCheck(!DWFarmStopRequested(cc->c), PETSC_COMM_SELF, DW_ERR_INTERRUPTED,
             "stopped at the checkpoint %s", cc->path);
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUpGlass(DWCampaign c, PetscInt sample, DWGlass glass)
{
  char identity[256];

  PetscFunctionBegin;
  PetscCall(DWGlassSetFromOptions(glass));
  PetscCall(DWGlassSetSize(glass, c->N));
  PetscCall(DWGlassSetTemperatures(glass, c->T_f[DWCampaignSampleTf(c, sample)], c->T_exp));
  PetscCall(DWGlassSetSeed(glass, DWTaskGlassSeed(c, sample)));
  PetscCall(PetscSNPrintf(identity, sizeof(identity), "campaign %016llx sample %" PetscInt_FMT,
                          (unsigned long long)c->identity_hash, sample));
  PetscCall(DWGlassSetIdentity(glass, identity));
  PetscCall(DWGlassSetUp(glass));
  PetscFunctionReturn(0);
}

static PetscErrorCode Summarise(DWGlass glass, DWGlassSummary *g)
{
  DWGlassResults r;

  PetscFunctionBegin;
  PetscCall(DWGlassGetResults(glass, &r));
  g->equilibrated   = r.equilibrated;
  g->blocks         = r.blocks;
  g->tau_alpha      = r.tau_alpha;
  g->duration       = r.duration;
  g->U_equilibrated = r.U_equilibrated;
  g->U_glass        = r.U_glass;
  g->T_glass        = r.T_glass;
  PetscFunctionReturn(0);
}

PetscErrorCode DWTaskGlass(DWCampaign c, DWTaskKey key, DWPack *out, PetscBool *failed,
                           char reason[], size_t len)
{
  DWGlass glass;
  DWSystem equilibrated, quenched;
  DWGlassSummary g;
  CheckpointContext cc;
  PetscBool restored;

  PetscFunctionBegin;
  cc.c = c;
  PetscCall(
      PetscSNPrintf(cc.path, sizeof(cc.path), "%s/glass-%d.h5", c->checkpoints, (int)key.sample));
  PetscCall(DWGlassCreate(PETSC_COMM_SELF, &glass));
  PetscCall(SetUpGlass(c, key.sample, glass));
  PetscCall(DWGlassSetCheckpointFunction(glass, WriteCheckpoint, &cc));
  PetscCall(DWGlassCheckpointRead(glass, cc.path, &restored));
  PetscCall(DWGlassSolve(glass));
  PetscCall(Summarise(glass, &g));
  PetscCall(DWGlassGetSystems(glass, &equilibrated, &quenched));
  PetscCall(DWPayloadPackGlass(out, quenched, &g));
  if (!g.equilibrated) {
    *failed = PETSC_TRUE;
    PetscCall(PetscSNPrintf(reason, len,
                            "glass not proven equilibrated at T_f = %g after %" PetscInt_FMT
                            " blocks (tau_alpha %g); see -glass_max_blocks",
                            (double)c->T_f[DWCampaignSampleTf(c, key.sample)], g.blocks,
                            (double)g.tau_alpha));
  }
  PetscCall(DWGlassCheckpointRemove(glass, cc.path));
  PetscCall(DWGlassDestroy(&glass));
  PetscFunctionReturn(0);
}
