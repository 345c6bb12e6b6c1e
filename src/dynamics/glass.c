/* DWGlass: the glass preparation protocol of [PRL20] and [JCP23] II.B-C (see
   include/dwell/glass.h): relax a random configuration, equilibrate it at T_f with swap
   Monte Carlo (hybrid swap MC/MD of Berthier et al., J. Stat. Mech. (2019) 064004, or pure
   MC) or plain MD while measuring F_s(k, t) and tau_alpha, then quench it with MD to T_exp.
   This file holds the object, its options and its set-up; glassrun.c the three stages,
   glassfield.c the time series and field lists, glasscheckpoint.c the checkpoint fields,
   glassrecord.c the results and the output fields. */
#include "dynamics/glassimpl.h"
#include <petscviewer.h>

/* Per-model defaults: N and T_exp of the papers (DESIGN.md section 3), and k near the first
   peak of S(k): pss 7.0 [PRL20], ternary 7.2 [JCP23], ka 7.25 (Kob and Andersen, PRE 51,
   4626 (1995)); T_exp 0: none, the user gives it. T_onset bounds the fictive temperatures
   a campaign accepts: above the onset of glassy dynamics the liquid is not supercooled and
   its inherent structures are not those of a glass. The ternary model (tlj = ka2): T_o ~ 1.0,
   measured in [JCP23] II.C (Fig. 1, where tau_alpha of MD leaves its Arrhenius law; T_mct ~
   0.62). pss and ka: about twice T_MCT (pss: T_MCT = 0.104 [PRL20]; ka: 0.435, Kob and
   Andersen), an order of magnitude, not a sharp line; 0: no bound (lj, harmonic). */
typedef struct {
  const char *model;
  PetscInt N;
  PetscReal T_exp, k, T_onset;
} ModelDefaults;

static const ModelDefaults model_defaults[] = {
    {DWPOTENTIAL_PSS, 1500, 0.04, 7.0, 0.2}, {DWPOTENTIAL_TLJ, 1200, 0.4, 7.2, 1.0},
    {DWPOTENTIAL_KA2, 1200, 0.4, 7.2, 1.0},  {DWPOTENTIAL_KA, 1000, 0, 7.25, 1.0},
    {DWPOTENTIAL_LJ, 1000, 0, 7.0, 0},       {DWPOTENTIAL_HARMONIC, 1000, 0, 7.0, 0}};

PetscErrorCode DWGlassGetModelDefaults(const char model[], PetscInt *N, PetscReal *T_exp,
                                       PetscReal *T_onset)
{
  PetscFunctionBegin;
  for (size_t k = 0; k < sizeof(model_defaults) / sizeof(model_defaults[0]); k++)
    if (!strcmp(model, model_defaults[k].model)) {
      if (N) *N = model_defaults[k].N;
      if (T_exp) *T_exp = model_defaults[k].T_exp;
      if (T_onset) *T_onset = model_defaults[k].T_onset;
      PetscFunctionReturn(0);
    }
  SETERRQ(PETSC_COMM_SELF, PETSC_ERR_ARG_UNKNOWN_TYPE, "no glass defaults for model '%s'", model);
}

static PetscErrorCode GetDefaults(DWGlass glass, const ModelDefaults **d)
{
  PetscBool match;

  PetscFunctionBegin;
  *d = NULL;
  for (size_t m = 0; m < sizeof(model_defaults) / sizeof(model_defaults[0]); m++) {
    PetscCall(PetscStrcmp(glass->model, model_defaults[m].model, &match));
    if (match) *d = &model_defaults[m];
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassCreate(MPI_Comm comm, DWGlass *glass)
{
  DWGlass g;

  PetscFunctionBegin;
  PetscCall(PetscNew(glass));
  g       = *glass;
  g->comm = comm;
  PetscCall(DWPotentialCreate(comm, &g->pot));
  PetscCall(DWPotentialGetType(g->pot, &g->model));
  PetscCall(DWNeighborListCreate(comm, &g->nl));
  PetscCall(DWMDCreate(comm, &g->md));
  PetscCall(DWMDCreate(comm, &g->qmd));
  PetscCall(DWSelfScatteringCreate(comm, &g->fs));
  PetscCall(DWMDSetThermostat(g->md, DWMD_NOSEHOOVER));
  g->seed                = 1;
  g->ntau                = 10;
  g->tau_tolerance       = 0.15;
  g->min_blocks          = 1000;
  g->max_blocks          = 20000000;
  g->relax_steps         = 2000;
  g->md_block_steps      = 10;
  g->sample_interval     = 1;
  g->record_interval     = 10;
  g->record_max          = 1000;
  g->quench_time         = 10;
  g->quench_tau_T        = 0.1;
  g->checkpoint_interval = 300;
  g->progress_interval   = 60;
  g->dynamics            = DW_GLASS_DYN_SWAP;
  g->stage               = DW_GLASS_RELAX;
  PetscCall(PetscStrncpy(g->quench_thermostat, DWMD_BERENDSEN, sizeof(g->quench_thermostat)));
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassDestroy(DWGlass *glass)
{
  DWGlass g = *glass;

  PetscFunctionBegin;
  if (!g) PetscFunctionReturn(0);
  PetscCall(DWSwapDestroy(&g->swap));
  PetscCall(DWMDDestroy(&g->md));
  PetscCall(DWMDDestroy(&g->qmd));
  PetscCall(DWSelfScatteringDestroy(&g->fs));
  PetscCall(DWNeighborListDestroy(&g->nl));
  PetscCall(DWSystemDestroy(&g->sys));
  PetscCall(DWSystemDestroy(&g->eq));
  PetscCall(DWPotentialDestroy(&g->pot));
  PetscCall(PetscFree(g->eqv));
  PetscCall(PetscFree(g->identity));
  PetscCall(DWSeriesDestroy(&g->eqrec));
  PetscCall(DWSeriesDestroy(&g->qrec));
  for (int h = 0; h < 2; h++) PetscCall(PetscFree3(g->fst[h], g->fsF[h], g->fsc[h]));
  PetscCall(PetscFree(g->Urun));
  PetscCall(PetscFree(g->pack));
  PetscCall(PetscFree(*glass));
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassGetComm(DWGlass glass, MPI_Comm *comm)
{
  PetscFunctionBegin;
  *comm = glass->comm;
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassGetPotential(DWGlass glass, DWPotential *pot)
{
  PetscFunctionBegin;
  *pot = glass->pot;
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassSetSize(DWGlass glass, PetscInt N)
{
  PetscFunctionBegin;
  glass->N = N;
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassSetTemperatures(DWGlass glass, PetscReal T_f, PetscReal T_exp)
{
  PetscFunctionBegin;
  PetscCheck(T_f > 0 && PetscIsNormalReal(T_f), glass->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-T_f %g: the fictive temperature must be positive", (double)T_f);
  PetscCheck(PetscIsNormalReal(T_exp) || T_exp == 0, glass->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-T_exp %g: the exploration temperature must be finite", (double)T_exp);
  glass->T_f   = T_f;
  glass->T_exp = T_exp;
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassSetSeed(DWGlass glass, PetscInt seed)
{
  PetscFunctionBegin;
  glass->seed = seed;
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassSetIdentity(DWGlass glass, const char identity[])
{
  PetscFunctionBegin;
  PetscCall(PetscFree(glass->identity));
  PetscCall(PetscStrallocpy(identity, &glass->identity));
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassGetIdentity(DWGlass glass, const char *identity[])
{
  PetscFunctionBegin;
  *identity = glass->identity ? glass->identity : "";
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassSetCheckpointFunction(DWGlass glass, PetscErrorCode (*write)(DWGlass, void *),
                                            void *ctx)
{
  PetscFunctionBegin;
  glass->write    = write;
  glass->writectx = ctx;
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassGetStage(DWGlass glass, DWGlassStage *stage)
{
  PetscFunctionBegin;
  *stage = glass->stage;
  PetscFunctionReturn(0);
}

/* The -glass_* options. */
static PetscErrorCode ReadOptions(DWGlass g, PetscOptionItems *PetscOptionsObject, char dynamics[],
                                  size_t len, PetscBool *dynset)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsString("-glass_dynamics",
                               "swap (default where the model has a swap rule) or md",
                               "DWGlassSetFromOptions", dynamics, dynamics, len, dynset));
  PetscCall(PetscOptionsInt("-glass_blocks",
                            "equilibration length in blocks (hybrid: 10 MD steps + swaps; mc: "
                            "sweeps; md: -glass_md_block_steps); 0: by tau_alpha",
                            NULL, g->nblocks, &g->nblocks, NULL));
  PetscCall(PetscOptionsReal("-glass_tau_alpha",
                             "equilibration length in units of tau_alpha (when -glass_blocks 0)",
                             NULL, g->ntau, &g->ntau, NULL));
  PetscCall(PetscOptionsReal("-glass_tau_tolerance",
                             "stationarity: largest relative difference of tau_alpha between the "
                             "origins of [t/4, t/2) and [t/2, t)",
                             NULL, g->tau_tolerance, &g->tau_tolerance, NULL));
  PetscCall(PetscOptionsInt("-glass_min_blocks", "shortest equilibration (blocks)", NULL,
                            g->min_blocks, &g->min_blocks, NULL));
  PetscCall(PetscOptionsInt("-glass_max_blocks",
                            "longest equilibration (blocks); the file then says equilibrated = 0",
                            NULL, g->max_blocks, &g->max_blocks, NULL));
  PetscCall(PetscOptionsInt("-glass_relax_steps",
                            "Berendsen steps (dt = 1e-3) relaxing the random configuration", NULL,
                            g->relax_steps, &g->relax_steps, NULL));
  PetscCall(PetscOptionsInt("-glass_md_block_steps", "MD steps per block of plain MD", NULL,
                            g->md_block_steps, &g->md_block_steps, NULL));
  PetscCall(PetscOptionsInt("-glass_sample_interval", "blocks between F_s samples", NULL,
                            g->sample_interval, &g->sample_interval, NULL));
  PetscCall(
      PetscOptionsInt("-glass_record_interval",
                      "F_s samples between record rows (synchronisation points), at the start",
                      NULL, g->record_interval, &g->record_interval, NULL));
  PetscCall(PetscOptionsInt("-glass_record_max",
                            "most record rows (even; thinned by two when full)", NULL,
                            g->record_max, &g->record_max, NULL));
  PetscCall(PetscOptionsReal("-glass_quench_rate",
                             "quench rate dT/dt (eps/k_B per tau); 0: instantaneous", NULL,
                             g->quench_rate, &g->quench_rate, NULL));
  PetscCall(PetscOptionsReal("-glass_quench_time", "MD time at T_exp after the quench (tau)", NULL,
                             g->quench_time, &g->quench_time, NULL));
  PetscCall(PetscOptionsString(
      "-glass_quench_thermostat", "thermostat of the quench: berendsen, nosehoover, andersen", NULL,
      g->quench_thermostat, g->quench_thermostat, sizeof(g->quench_thermostat), NULL));
  PetscCall(PetscOptionsReal("-glass_quench_tau_T", "coupling time of the quench thermostat (tau)",
                             NULL, g->quench_tau_T, &g->quench_tau_T, NULL));
  PetscCall(PetscOptionsReal("-glass_checkpoint_interval",
                             "seconds between checkpoints of the equilibration (0: none)", NULL,
                             g->checkpoint_interval, &g->checkpoint_interval, NULL));
  PetscCall(PetscOptionsReal("-glass_progress_interval",
                             "seconds between progress lines on stderr (0: none)", NULL,
                             g->progress_interval, &g->progress_interval, NULL));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckOptions(DWGlass g)
{
  PetscFunctionBegin;
  PetscCheck(g->nblocks >= 0, g->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-glass_blocks %" PetscInt_FMT " must be non-negative", g->nblocks);
  PetscCheck(g->ntau > 0, g->comm, PETSC_ERR_ARG_OUTOFRANGE, "-glass_tau_alpha %g must be positive",
             (double)g->ntau);
  PetscCheck(g->tau_tolerance > 0, g->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-glass_tau_tolerance %g must be positive", (double)g->tau_tolerance);
  PetscCheck(g->min_blocks >= 0 && g->max_blocks >= 1 && g->min_blocks <= g->max_blocks, g->comm,
             PETSC_ERR_ARG_OUTOFRANGE,
             "-glass_min_blocks %" PetscInt_FMT " and -glass_max_blocks %" PetscInt_FMT
             " must satisfy 0 <= min <= max, max >= 1",
             g->min_blocks, g->max_blocks);
  PetscCheck(g->relax_steps >= 0, g->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-glass_relax_steps %" PetscInt_FMT " must be non-negative", g->relax_steps);
  PetscCheck(g->md_block_steps >= 1, g->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-glass_md_block_steps %" PetscInt_FMT " must be at least 1", g->md_block_steps);
  PetscCheck(g->sample_interval >= 1, g->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-glass_sample_interval %" PetscInt_FMT " must be at least 1", g->sample_interval);
  PetscCheck(g->record_interval >= 1, g->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-glass_record_interval %" PetscInt_FMT " must be at least 1", g->record_interval);
  PetscCheck(g->record_max >= 4 && g->record_max % 2 == 0, g->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-glass_record_max %" PetscInt_FMT " must be even and at least 4", g->record_max);
  PetscCheck(g->quench_rate >= 0, g->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-glass_quench_rate %g must be non-negative (0: instantaneous)",
             (double)g->quench_rate);
  PetscCheck(g->quench_time >= 0, g->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-glass_quench_time %g must be non-negative", (double)g->quench_time);
  PetscCheck(g->quench_tau_T > 0, g->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-glass_quench_tau_T %g must be positive", (double)g->quench_tau_T);
  PetscCheck(g->checkpoint_interval >= 0, g->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-glass_checkpoint_interval %g must be non-negative (0: no checkpoints)",
             (double)g->checkpoint_interval);
  PetscCheck(g->progress_interval >= 0, g->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-glass_progress_interval %g must be non-negative (0: quiet)",
             (double)g->progress_interval);
  PetscFunctionReturn(0);
}

/* swap or md: a swap asked of a model without a swap rule is an error. */
static PetscErrorCode ChooseDynamics(DWGlass g, const char dynamics[], PetscBool dynset)
{
  PetscBool isswap, ismd, swaptype, hasrule;
  DWParticleEnergyFn energy;

  PetscFunctionBegin;
  PetscCall(DWPotentialGetSwapRule(g->pot, &energy));
  hasrule = (PetscBool)(energy != NULL);
  PetscCall(PetscStrcmp(dynamics, "swap", &isswap));
  PetscCall(PetscStrcmp(dynamics, "md", &ismd));
  PetscCheck(!dynset || isswap || ismd, g->comm, PETSC_ERR_ARG_UNKNOWN_TYPE,
             "-glass_dynamics %s: unknown; use swap or md", dynamics);
  PetscCall(PetscOptionsHasName(NULL, NULL, "-swap_type", &swaptype));
  PetscCheck(hasrule || !((dynset && isswap) || (swaptype && !ismd)), g->comm, PETSC_ERR_ARG_INCOMP,
             "model %s has no swap rule (swap Monte Carlo is defined for pss, tlj and ka2): use "
             "-glass_dynamics md",
             g->model);
  PetscCheck(!(ismd && swaptype), g->comm, PETSC_ERR_ARG_INCOMP,
             "-swap_type given with -glass_dynamics md: choose one");
  g->dynamics = (dynset ? isswap : hasrule) ? DW_GLASS_DYN_SWAP : DW_GLASS_DYN_MD;
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassSetFromOptions(DWGlass g)
{
  char dynamics[16] = "swap";
  PetscBool dynset, help;
  const ModelDefaults *d;

  PetscFunctionBegin;
  PetscCall(DWPotentialSetFromOptions(g->pot));
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  PetscOptionsBegin(g->comm, NULL,
                    "Glass preparation: equilibration at T_f, F_s(k, t), quench to T_exp",
                    "DWGlass");
  PetscCall(ReadOptions(g, PetscOptionsObject, dynamics, sizeof(dynamics), &dynset));
  PetscOptionsEnd();
  PetscCall(CheckOptions(g));
  if (g->model[0]) {
    PetscCall(ChooseDynamics(g, dynamics, dynset));
    PetscCall(GetDefaults(g, &d));
    PetscCall(DWSelfScatteringSetWavevector(g->fs, d->k));
  }
  PetscCall(DWMDSetFromOptions(g->md));
  PetscCall(DWNeighborListSetFromOptions(g->nl));
  PetscCall(DWSelfScatteringSetFromOptions(g->fs));
  if (g->dynamics == DW_GLASS_DYN_SWAP || help) {
    if (!g->swap) PetscCall(DWSwapCreate(g->comm, &g->swap));
    PetscCall(DWSwapSetFromOptions(g->swap));
  }
  if (g->dynamics == DW_GLASS_DYN_MD) PetscCall(DWSwapDestroy(&g->swap));
  PetscFunctionReturn(0);
}

/* Wires the MD, quench MD and swap to the new system, with their random streams. */
static PetscErrorCode SetUpDynamics(DWGlass g)
{
  DWRng rng;
  PetscReal dt;

  PetscFunctionBegin;
  PetscCall(DWMDSetSystem(g->md, g->sys, g->pot, g->nl));
  PetscCall(DWMDSetTemperature(g->md, g->T_f));
  DWRngInit(&rng, (uint64_t)g->seed, DW_STAGE_GLASS, 0, 0);
  PetscCall(DWMDSetRng(g->md, &rng));
  PetscCall(DWMDGetTimeStep(g->md, &dt));
  PetscCall(DWMDSetSystem(g->qmd, g->sys, g->pot, g->nl));
  PetscCall(DWMDSetThermostat(g->qmd, g->quench_thermostat));
  PetscCall(DWMDSetCoupling(g->qmd, g->quench_tau_T, 1.0));
  PetscCall(DWMDSetTimeStep(g->qmd, dt));
  PetscCall(DWMDSetTemperature(g->qmd, g->T_exp));
  DWRngInit(&rng, (uint64_t)g->seed, DW_STAGE_GLASS, 0, 2);
  PetscCall(DWMDSetRng(g->qmd, &rng));
  g->mc         = PETSC_FALSE;
  g->block_time = g->md_block_steps * dt;
  if (g->swap) {
    PetscCall(DWSwapSetSystem(g->swap, g->sys, g->pot, g->nl));
    PetscCall(DWSwapSetMD(g->swap, g->md));
    PetscCall(DWSwapSetTemperature(g->swap, g->T_f));
    DWRngInit(&rng, (uint64_t)g->seed, DW_STAGE_GLASS, 0, 1);
    PetscCall(DWSwapSetRng(g->swap, &rng));
    PetscCall(DWSwapSetUp(g->swap));
    PetscCall(DWSwapGetBlockTime(g->swap, &g->block_time));
    g->mc = (PetscBool)(g->block_time == 0);
    if (g->mc) {
      PetscBool tuneset;
      g->block_time = 1; /* one sweep */
      PetscCall(PetscOptionsHasName(NULL, NULL, "-swap_tune", &tuneset));
      if (!tuneset) PetscCall(DWSwapSetTuning(g->swap, PETSC_TRUE));
      /* no MD in the mc scheme: spare the force evaluation DWSwapRun does for one */
      PetscCall(DWSwapSetMD(g->swap, NULL));
      PetscCall(DWSwapSetUp(g->swap));
    }
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassSetUp(DWGlass g)
{
  const ModelDefaults *d;

  PetscFunctionBegin;
  PetscCheck(g->model[0], g->comm, PETSC_ERR_ARG_NULL,
             "missing required option -model (the pair potential)");
  PetscCheck(g->T_f > 0, g->comm, PETSC_ERR_ARG_NULL,
             "missing required option -T_f (the fictive temperature)");
  PetscCall(GetDefaults(g, &d));
  if (g->N <= 0) g->N = d->N;
  if (g->T_exp <= 0) g->T_exp = d->T_exp;
  PetscCheck(g->T_exp > 0, g->comm, PETSC_ERR_ARG_NULL,
             "model %s has no default exploration temperature: give -T_exp", g->model);
  PetscCheck(g->T_exp <= g->T_f, g->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-T_exp %g exceeds -T_f %g: the quench must cool the liquid", (double)g->T_exp,
             (double)g->T_f);
  PetscCall(DWSystemDestroy(&g->sys));
  PetscCall(DWPotentialCreateRandomSystem(g->pot, g->N, 0, g->seed, &g->sys));
  PetscCall(SetUpDynamics(g));
  PetscCall(DWSelfScatteringSetUp(g->fs, g->N));
  PetscCall(DWSeriesDestroy(&g->eqrec));
  PetscCall(DWSeriesDestroy(&g->qrec));
  PetscCall(DWSeriesCreate(EQ_NCOLS, g->record_max, g->record_interval, &g->eqrec));
  PetscCall(DWSeriesCreate(Q_NCOLS, g->record_max, 1, &g->qrec));
  PetscCall(PetscFree(g->eqv));
  PetscCall(PetscMalloc1(3 * g->N, &g->eqv));
  g->stage  = DW_GLASS_RELAX;
  g->blocks = 0;
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassSynchronize(DWGlass g)
{
  PetscFunctionBegin;
  PetscCall(DWPotentialSetUp(g->pot, g->sys));
  PetscCall(DWNeighborListInvalidate(g->nl));
  PetscCall(DWMDSetUp(g->md));
  if (g->swap) PetscCall(DWSwapSetUp(g->swap));
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassGetSystems(DWGlass g, DWSystem *equilibrated, DWSystem *quenched)
{
  PetscFunctionBegin;
  PetscCheck(g->stage == DW_GLASS_DONE, g->comm, PETSC_ERR_ARG_WRONGSTATE,
             "call DWGlassSolve() first");
  if (equilibrated) *equilibrated = g->eq;
  if (quenched) *quenched = g->sys;
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassView(DWGlass g, PetscViewer viewer)
{
  PetscFunctionBegin;
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(g->comm, &viewer));
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "DWGlass: model %s, N = %" PetscInt_FMT
                                   ", T_f = %g, T_exp = %g, seed %" PetscInt_FMT
                                   ", dynamics %s, %" PetscInt_FMT " blocks of %g %s\n",
                                   g->model, g->N, (double)g->T_f, (double)g->T_exp, g->seed,
                                   g->swap ? (g->mc ? "swap mc" : "swap hybrid") : "md", g->blocks,
                                   (double)g->block_time, g->mc ? "sweeps" : "tau"));
  PetscFunctionReturn(0);
}
