/* dwell collect: the library DIR/library.h5 rebuilt from the shards by all ranks
   (src/farm/collectread.c, collectwrite.c). */
#include "farm/collect.h"

PetscErrorCode DWCampaignCollect(DWCampaign c)
{
  DWCollection col;
  char path[PETSC_MAX_PATH_LEN + 32];
  PetscLogDouble t0, t1;

  PetscFunctionBegin;
  PetscCall(PetscTime(&t0));
  PetscCall(DWCollectionRead(c, &col));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/library.h5", c->dir));
  PetscCall(DWCollectionWrite(&col, path));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscPrintf(c->comm,
                        "dwell collect: %s: %" PetscInt_FMT " samples, %" PetscInt_FMT
                        " IS, %" PetscInt_FMT " candidate pairs, %" PetscInt_FMT
                        " double wells from %" PetscInt_FMT " records (%" PetscInt_FMT
                        " corrupt, %" PetscInt_FMT " torn skipped), %.1f s\n",
                        path, col.S, col.n_is_total, col.n_cand_total, col.n_dw_unique, col.records,
                        col.corrupt, col.torn, t1 - t0));
  if (col.unreadable || col.orphans)
    PetscCall(PetscPrintf(c->comm,
                          "dwell collect: left out: %" PetscInt_FMT
                          " records whose payload does not fit this campaign, %" PetscInt_FMT
                          " neb records whose sample's merge record is lost (corrupt shard?); "
                          "dwell run %s redoes what is missing\n",
                          col.unreadable, col.orphans, c->dir));
  PetscCall(DWCollectionFree(&col));
  PetscFunctionReturn(0);
}
