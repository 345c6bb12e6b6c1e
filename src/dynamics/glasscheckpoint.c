/* Checkpoints of DWGlass (include/dwell/glass.h): the state at a synchronisation point of
   the equilibration as named fields (configuration, velocities, Nose-Hoover state, random
   streams, swap counts, F_s origins and rows, the record), and the restore from them.
   Everything else of the state is rebuilt from these at the synchronisation point
   (DWGlassSynchronize), so a restored run continues bit-identically. */
#include "dynamics/glassimpl.h"

/* ---- checkpoint fields ---- */

static PetscErrorCode PackRecord(DWGlass g)
{
  const DWSeries *s = &g->eqrec;

  PetscFunctionBegin;
  PetscCall(PetscFree(g->pack));
  PetscCall(PetscMalloc1(PetscMax(s->n * s->ncols, 1), &g->pack));
  for (PetscInt r = 0; r < s->n; r++)
    for (PetscInt c = 0; c < s->ncols; c++) g->pack[r * s->ncols + c] = s->data[c * s->cap + r];
  g->rec_ints[0] = s->n;
  g->rec_ints[1] = s->interval;
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassGetCheckpointFields(DWGlass g, DWFieldList *list)
{
  PetscReal *v;
  DWSelfScatteringState fs;
  DWRng rng;
  const char *id;

  PetscFunctionBegin;
  PetscCheck(g->stage == DW_GLASS_EQUILIBRATE || g->stage == DW_GLASS_QUENCH, g->comm,
             PETSC_ERR_ARG_WRONGSTATE, "a glass checkpoint holds an equilibration (stage %d)",
             (int)g->stage);
  PetscCall(DWGlassGetIdentity(g, &id));
  PetscCall(DWMDGetVelocities(g->md, &v));
  PetscCall(DWMDGetState(g->md, &g->ck_ints[2], &g->ck_md[0], &g->ck_md[1]));
  PetscCall(DWMDGetRng(g->md, &rng));
  g->ck_rng[0]  = rng.key;
  g->ck_rng[1]  = rng.counter;
  g->ck_ints[0] = (PetscInt)g->stage;
  g->ck_ints[1] = g->blocks;
  g->ck_ints[3] = g->N;
  PetscCall(DWSystemGetBox(g->sys, &g->box));
  if (g->swap) {
    DWSwapStats s;
    PetscCall(DWSwapGetRng(g->swap, &rng));
    g->ck_rng[2] = rng.key;
    g->ck_rng[3] = rng.counter;
    PetscCall(DWSwapGetStats(g->swap, &s));
    g->swap_delta = s.delta;
  }
  PetscCall(DWSelfScatteringGetState(g->fs, &fs));
  g->fs_ints[0]  = fs.nsamples;
  g->fs_ints[1]  = fs.origin_interval;
  g->fs_ints[2]  = fs.norigins;
  g->fs_ints[3]  = fs.nlags;
  g->fs_ints[4]  = fs.N;
  g->fs_reals[0] = fs.t0;
  g->fs_reals[1] = fs.dt;
  g->fs_reals[2] = fs.tlast;
  PetscCall(PackRecord(g));
  PetscCall(DWFieldListAdd(list, "identity", DW_FIELD_STRING, -1, 0, id, "",
                           "the options that determine the result"));
  PetscCall(DWFieldListAdd(list, "state/ints", DW_FIELD_INT, 4, 0, g->ck_ints, "1",
                           "stage (1 equilibrate, 2 quench), blocks done, MD step, N"));
  PetscCall(DWFieldListAdd(list, "state/box", DW_FIELD_REAL, -1, 0, &g->box, "sigma", "box edge"));
  PetscCall(DWGlassAddConfigFields(list, "state", g->sys, v));
  PetscCall(DWFieldListAdd(list, "state/thermostat", DW_FIELD_REAL, 2, 0, g->ck_md, "1/tau, 1",
                           "Nose-Hoover xi and eta"));
  PetscCall(DWFieldListAdd(list, "state/rng", DW_FIELD_UINT64, 4, 0, g->ck_rng, "1",
                           "key and counter of the MD stream, then of the swap stream"));
  PetscCall(DWFieldListAdd(list, "state/swap_counts", DW_FIELD_REAL, 4, 0, g->swapstat, "1",
                           "swap attempts, accepted, translation attempts, accepted"));
  PetscCall(DWFieldListAdd(list, "state/swap_pair_counts", DW_FIELD_REAL, DW_SWAP_MAX_PAIRS, 2,
                           g->pairstat, "1",
                           "attempts, accepted of each species pair type of the swaps"));
  PetscCall(DWFieldListAdd(list, "state/swap_delta", DW_FIELD_REAL, -1, 0, &g->swap_delta, "sigma",
                           "translation step of the mc scheme"));
  PetscCall(DWFieldListAdd(list, "fs/ints", DW_FIELD_INT, 5, 0, g->fs_ints, "1",
                           "samples, origin interval, origins, lags, N"));
  PetscCall(DWFieldListAdd(list, "fs/reals", DW_FIELD_REAL, 3, 0, g->fs_reals, "time unit",
                           "t0, dt, tlast"));
  PetscCall(DWFieldListAdd(list, "fs/origin_sample", DW_FIELD_INT, fs.norigins, 0, fs.origin_sample,
                           "1", "sample index of each origin"));
  PetscCall(DWFieldListAdd(list, "fs/origin_x", DW_FIELD_REAL, fs.norigins, 3 * fs.N, fs.origin_x,
                           "sigma", "positions at each origin"));
  PetscCall(DWFieldListAdd(list, "fs/row", DW_FIELD_REAL, fs.norigins, fs.nlags, fs.row, "1",
                           "F_s of each origin at each lag"));
  PetscCall(
      DWFieldListAdd(list, "record/ints", DW_FIELD_INT, 2, 0, g->rec_ints, "1", "rows, interval"));
  PetscCall(DWFieldListAdd(list, "record/rows", DW_FIELD_REAL, g->eqrec.n, EQ_NCOLS, g->pack,
                           "mixed", "the equilibration record, row by row"));
  PetscFunctionReturn(0);
}

static PetscErrorCode RestoreFs(DWGlass g, const DWFieldList *list)
{
  PetscInt *ints;
  PetscReal *reals;
  DWSelfScatteringState fs;

  PetscFunctionBegin;
  PetscCall(DWFieldListGet(list, "fs/ints", DW_FIELD_INT, 5, 0, (void **)&ints));
  PetscCall(DWFieldListGet(list, "fs/reals", DW_FIELD_REAL, 3, 0, (void **)&reals));
  fs.nsamples        = ints[0];
  fs.origin_interval = ints[1];
  fs.norigins        = ints[2];
  fs.nlags           = ints[3];
  fs.N               = ints[4];
  fs.t0              = reals[0];
  fs.dt              = reals[1];
  fs.tlast           = reals[2];
  PetscCall(DWFieldListGet(list, "fs/origin_sample", DW_FIELD_INT, fs.norigins, 0,
                           (void **)&fs.origin_sample));
  PetscCall(DWFieldListGet(list, "fs/origin_x", DW_FIELD_REAL, fs.norigins, 3 * fs.N,
                           (void **)&fs.origin_x));
  PetscCall(DWFieldListGet(list, "fs/row", DW_FIELD_REAL, fs.norigins, fs.nlags, (void **)&fs.row));
  PetscCall(DWSelfScatteringSetState(g->fs, &fs));
  PetscFunctionReturn(0);
}

static PetscErrorCode RestoreRecord(DWGlass g, const DWFieldList *list)
{
  PetscInt *ints;
  PetscReal *rows;
  DWSeries *s = &g->eqrec;

  PetscFunctionBegin;
  PetscCall(DWFieldListGet(list, "record/ints", DW_FIELD_INT, 2, 0, (void **)&ints));
  PetscCheck(ints[0] >= 1 && ints[0] <= s->cap && ints[1] >= g->record_interval, g->comm,
             PETSC_ERR_FILE_UNEXPECTED,
             "checkpoint record has %" PetscInt_FMT " rows at interval %" PetscInt_FMT
             ": inconsistent with -glass_record_max %" PetscInt_FMT,
             ints[0], ints[1], s->cap);
  PetscCall(DWFieldListGet(list, "record/rows", DW_FIELD_REAL, ints[0], EQ_NCOLS, (void **)&rows));
  s->n        = ints[0];
  s->interval = ints[1];
  for (PetscInt r = 0; r < s->n; r++)
    for (PetscInt c = 0; c < s->ncols; c++) s->data[c * s->cap + r] = rows[r * s->ncols + c];
  PetscFunctionReturn(0);
}

static PetscErrorCode RestoreSystem(DWGlass g, const DWFieldList *list)
{
  PetscInt *ints, *species;
  PetscReal *box, *x, *v, *d, *mdv, L;
  DWParticles p;

  PetscFunctionBegin;
  PetscCall(DWSystemGetParticles(g->sys, &p));
  PetscCall(DWSystemGetBox(g->sys, &L));
  PetscCall(DWFieldListGet(list, "state/ints", DW_FIELD_INT, 4, 0, (void **)&ints));
  PetscCheck(ints[3] == g->N, g->comm, PETSC_ERR_FILE_UNEXPECTED,
             "checkpoint of N = %" PetscInt_FMT " particles, the run has N = %" PetscInt_FMT,
             ints[3], g->N);
  PetscCheck(ints[0] == DW_GLASS_EQUILIBRATE || ints[0] == DW_GLASS_QUENCH, g->comm,
             PETSC_ERR_FILE_UNEXPECTED, "checkpoint stage %" PetscInt_FMT " is unknown", ints[0]);
  PetscCall(DWFieldListGet(list, "state/box", DW_FIELD_REAL, 0, 0, (void **)&box));
  PetscCheck(*box == L, g->comm, PETSC_ERR_FILE_UNEXPECTED,
             "checkpoint box %.17g differs from the run's %.17g", (double)*box, (double)L);
  PetscCall(DWFieldListGet(list, "state/positions", DW_FIELD_REAL, g->N, 3, (void **)&x));
  PetscCall(DWFieldListGet(list, "state/species", DW_FIELD_INT, g->N, 0, (void **)&species));
  PetscCall(DWFieldListGet(list, "state/velocities", DW_FIELD_REAL, g->N, 3, (void **)&v));
  PetscCall(PetscArraycpy(p.x, x, 3 * g->N));
  PetscCall(PetscArraycpy(p.species, species, g->N));
  if (p.diameter) {
    PetscCall(DWFieldListGet(list, "state/diameters", DW_FIELD_REAL, g->N, 0, (void **)&d));
    PetscCall(PetscArraycpy(p.diameter, d, g->N));
  }
  PetscCall(DWMDGetVelocities(g->md, &mdv));
  PetscCall(PetscArraycpy(mdv, v, 3 * g->N));
  g->stage      = (DWGlassStage)ints[0];
  g->blocks     = ints[1];
  g->ck_ints[2] = ints[2];
  PetscFunctionReturn(0);
}

static PetscErrorCode RestoreDynamics(DWGlass g, const DWFieldList *list)
{
  PetscReal *md, *counts, *paircounts, *delta;
  uint64_t *r;
  DWRng rng;

  PetscFunctionBegin;
  PetscCall(DWFieldListGet(list, "state/thermostat", DW_FIELD_REAL, 2, 0, (void **)&md));
  PetscCall(DWFieldListGet(list, "state/rng", DW_FIELD_UINT64, 4, 0, (void **)&r));
  PetscCall(DWFieldListGet(list, "state/swap_counts", DW_FIELD_REAL, 4, 0, (void **)&counts));
  PetscCall(DWFieldListGet(list, "state/swap_pair_counts", DW_FIELD_REAL, DW_SWAP_MAX_PAIRS, 2,
                           (void **)&paircounts));
  PetscCall(DWFieldListGet(list, "state/swap_delta", DW_FIELD_REAL, 0, 0, (void **)&delta));
  PetscCall(DWMDSetState(g->md, g->ck_ints[2], md[0], md[1]));
  rng.key     = r[0];
  rng.counter = r[1];
  PetscCall(DWMDSetRng(g->md, &rng));
  PetscCall(PetscArraycpy(g->swapstat, counts, 4));
  PetscCall(PetscArraycpy(&g->pairstat[0][0], paircounts, 2 * DW_SWAP_MAX_PAIRS));
  if (g->swap) {
    DWSwapStats s;
    rng.key     = r[2];
    rng.counter = r[3];
    PetscCall(DWSwapSetRng(g->swap, &rng));
    PetscCall(DWSwapResetStats(g->swap));
    PetscCall(DWSwapGetStats(g->swap, &s));
    if (g->mc && s.delta != *delta)
      PetscCall(PetscFPrintf(
          g->comm, PETSC_STDERR,
          "dwell glass: warning: the mc translation step cannot be restored (%g, checkpoint %g): "
          "the resumed run is statistically, not bitwise, equivalent\n",
          (double)s.delta, (double)*delta));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassRestore(DWGlass g, const DWFieldList *list)
{
  const DWField *f;
  const char *id;
  PetscBool same;

  PetscFunctionBegin;
  PetscCheck(g->sys && g->stage == DW_GLASS_RELAX, g->comm, PETSC_ERR_ARG_WRONGSTATE,
             "call DWGlassSetUp() (and nothing else) before DWGlassRestore()");
  PetscCall(DWGlassGetIdentity(g, &id));
  PetscCall(DWFieldListFind(list, "identity", &f));
  PetscCheck(f && f->type == DW_FIELD_STRING, g->comm, PETSC_ERR_FILE_UNEXPECTED,
             "not a dwell glass checkpoint (no identity)");
  PetscCall(PetscStrcmp((const char *)f->data, id, &same));
  PetscCheck(same, g->comm, PETSC_ERR_ARG_INCOMP,
             "the checkpoint belongs to another run: its options are '%s', this run's '%s'; use "
             "the same options or remove the checkpoint",
             (const char *)f->data, id);
  PetscCall(RestoreSystem(g, list));
  PetscCall(RestoreDynamics(g, list));
  PetscCall(RestoreFs(g, list));
  PetscCall(RestoreRecord(g, list));
  PetscCall(DWGlassSynchronize(g));
  if (g->stage == DW_GLASS_QUENCH) {
    PetscReal *v;
    PetscCall(DWSystemDestroy(&g->eq));
    PetscCall(DWSystemDuplicate(g->sys, &g->eq));
    PetscCall(DWMDGetVelocities(g->md, &v));
    PetscCall(PetscArraycpy(g->eqv, v, 3 * g->N));
  }
  PetscFunctionReturn(0);
}
