/* Results of DWGlass (include/dwell/glass.h) and the fields of the glass file: the proof of
   equilibrium (tau_alpha from the F_s of each half of the run, the run length in tau_alpha,
   the running mean of U/N over the second half of the run so far, the mean U/N of each
   half), the equilibrated and quenched configurations, the equilibration and quench
   records; every dataset with units and a description. */
#include "dynamics/glassimpl.h"

/* ---- results ---- */

/* Mean of column c over the rows with time in [t0, t1) ([t0, t1] when closed); 0 when none. */
static PetscReal WindowMean(const DWSeries *s, PetscInt c, PetscReal t0, PetscReal t1,
                            PetscBool closed)
{
  const PetscReal *t = DWSeriesColumn(s, EQ_TIME), *y = DWSeriesColumn(s, c);
  PetscReal sum = 0;
  PetscInt n    = 0;

  for (PetscInt r = 0; r < s->n; r++)
    if (t[r] >= t0 && (t[r] < t1 || (closed && t[r] == t1))) {
      sum += y[r];
      n++;
    }
  return n ? sum / n : 0;
}

static PetscErrorCode ComputeCurves(DWGlass g, PetscReal t)
{
  const PetscReal from[2] = {0.25 * t, 0.5 * t}, to[2] = {0.5 * t, PETSC_MAX_REAL};
  PetscInt nl;

  PetscFunctionBegin;
  PetscCall(DWSelfScatteringGetMaxLags(g->fs, &nl));
  for (int h = 0; h < 2; h++) {
    PetscCall(PetscFree3(g->fst[h], g->fsF[h], g->fsc[h]));
    PetscCall(PetscMalloc3(nl + 1, &g->fst[h], nl + 1, &g->fsF[h], nl + 1, &g->fsc[h]));
    PetscCall(DWSelfScatteringGetCurve(g->fs, from[h], to[h], &g->fsn[h], g->fst[h], g->fsF[h],
                                       g->fsc[h]));
  }
  PetscCall(DWSelfScatteringGetTauAlpha(g->fs, from[0], to[0], &g->res.tau_alpha_earlier));
  PetscCall(DWSelfScatteringGetTauAlpha(g->fs, from[1], to[1], &g->res.tau_alpha));
  PetscFunctionReturn(0);
}

/* Swap counts of the whole equilibration, per species pair type with their names. */
static PetscErrorCode SwapResults(DWGlass g)
{
  DWGlassResults *r = &g->res;
  DWSwapStats s;

  PetscFunctionBegin;
  r->swap_attempts = g->swapstat[0];
  r->swap_accepted = g->swapstat[1];
  r->swap_npairs   = 0;
  g->pairnames[0]  = 0;
  if (!g->swap) PetscFunctionReturn(0);
  PetscCall(DWSwapGetStats(g->swap, &s));
  r->swap_npairs = s.npairs;
  for (PetscInt k = 0; k < s.npairs; k++) {
    DWSwapStatsPairName(&s, k, r->swap_pair[k]);
    r->swap_pair_attempts[k] = g->pairstat[k][0];
    r->swap_pair_accepted[k] = g->pairstat[k][1];
    PetscCall(PetscStrlcat(g->pairnames, k ? "," : "", sizeof(g->pairnames)));
    PetscCall(PetscStrlcat(g->pairnames, r->swap_pair[k], sizeof(g->pairnames)));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassComputeResults(DWGlass g)
{
  const DWSeries *e = &g->eqrec, *q = &g->qrec;
  const PetscReal t = g->blocks * g->block_time, *time = DWSeriesColumn(e, EQ_TIME);
  DWGlassResults *r = &g->res;

  PetscFunctionBegin;
  PetscCall(ComputeCurves(g, t));
  PetscCall(SwapResults(g));
  PetscCall(DWSelfScatteringGetWavevector(g->fs, &g->k));
  r->duration             = t;
  r->blocks               = g->blocks;
  r->run_length_tau_alpha = r->tau_alpha > 0 ? t / r->tau_alpha : 0;
  r->equilibrated         = DWGlassProven(g, t, r->tau_alpha, r->tau_alpha_earlier);
  r->time_unit            = g->mc ? "sweeps" : "tau";
  g->equilibrated_int     = r->equilibrated;
  r->U_equilibrated       = DWSeriesColumn(e, EQ_U)[e->n - 1];
  g->T_eq                 = DWSeriesColumn(e, EQ_T)[e->n - 1];
  g->P_eq                 = DWSeriesColumn(e, EQ_P)[e->n - 1];
  g->U_window[0]          = WindowMean(e, EQ_U, 0.25 * t, 0.5 * t, PETSC_FALSE);
  g->U_window[1]          = WindowMean(e, EQ_U, 0.5 * t, t, PETSC_TRUE);
  PetscCall(PetscFree(g->Urun));
  PetscCall(PetscMalloc1(e->n, &g->Urun));
  for (PetscInt k = 0; k < e->n; k++)
    g->Urun[k] = WindowMean(e, EQ_U, 0.5 * time[k], time[k], PETSC_TRUE);
  if (q->n) {
    r->U_glass = DWSeriesColumn(q, Q_U)[q->n - 1];
    r->T_glass = DWSeriesColumn(q, Q_T)[q->n - 1];
    g->P_glass = DWSeriesColumn(q, Q_P)[q->n - 1];
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassGetResults(DWGlass g, DWGlassResults *res)
{
  PetscFunctionBegin;
  PetscCheck(g->stage == DW_GLASS_DONE, g->comm, PETSC_ERR_ARG_WRONGSTATE,
             "call DWGlassSolve() first");
  *res = g->res;
  PetscFunctionReturn(0);
}

/* ---- output fields ---- */

static const char *config_description =
    "one configuration in a cubic periodic box [0, box)^3; positions unwrapped";

static PetscErrorCode AddConfigGroup(DWGlass g, DWFieldList *list, PetscInt slot,
                                     const char group[], DWSystem sys, const PetscReal v[],
                                     const PetscReal *T, const PetscReal *Tkin, const PetscReal *U,
                                     const PetscReal *P)
{
  char name[96];
  const char *model;

  PetscFunctionBegin;
  PetscCall(DWGlassAddConfigFields(list, group, sys, v));
  PetscCall(DWSystemGetBox(sys, &g->cfg[slot].L));
  PetscCall(DWSystemGetSize(sys, &g->cfg[slot].N));
  PetscCall(DWSystemGetNumSpecies(sys, &g->cfg[slot].nspecies));
  PetscCall(DWSystemGetModelName(sys, &model));
#define ATTR(key, type, ptr)                                                                       \
  do {                                                                                             \
    PetscCall(PetscSNPrintf(name, sizeof(name), "%s/%s", group, key));                             \
    PetscCall(DWFieldListAddAttribute(list, name, type, ptr));                                     \
  } while (0)
  ATTR("box", DW_FIELD_REAL, &g->cfg[slot].L);
  ATTR("box_units", DW_FIELD_STRING, "sigma");
  ATTR("model", DW_FIELD_STRING, model);
  ATTR("N", DW_FIELD_INT, &g->cfg[slot].N);
  ATTR("nspecies", DW_FIELD_INT, &g->cfg[slot].nspecies);
  ATTR("description", DW_FIELD_STRING, config_description);
#undef ATTR
  PetscCall(PetscSNPrintf(name, sizeof(name), "%s/temperature", group));
  PetscCall(DWFieldListAdd(list, name, DW_FIELD_REAL, -1, 0, T, "eps/k_B",
                           "thermostat temperature of the configuration"));
  PetscCall(PetscSNPrintf(name, sizeof(name), "%s/kinetic_temperature", group));
  PetscCall(DWFieldListAdd(list, name, DW_FIELD_REAL, -1, 0, Tkin, "eps/k_B",
                           "kinetic temperature 2K/(3N - 3) of the velocities (mc scheme: T_f)"));
  PetscCall(PetscSNPrintf(name, sizeof(name), "%s/potential_energy", group));
  PetscCall(DWFieldListAdd(list, name, DW_FIELD_REAL, -1, 0, U, "eps",
                           "potential energy per particle U/N"));
  PetscCall(PetscSNPrintf(name, sizeof(name), "%s/pressure", group));
  PetscCall(DWFieldListAdd(list, name, DW_FIELD_REAL, -1, 0, P, "eps/sigma^3",
                           "pressure (kinetic + virial)"));
  PetscFunctionReturn(0);
}

static PetscErrorCode AddRecordFields(DWGlass g, DWFieldList *list, const char *tu)
{
  const DWSeries *e = &g->eqrec;

  PetscFunctionBegin;
  PetscCall(
      DWFieldListAddAttribute(list, "record/description", DW_FIELD_STRING,
                              "equilibration at T_f: a row every record interval (thinned by two "
                              "when full), the proof of equilibrium: tau_alpha of each half of the "
                              "run, the run length in tau_alpha, the plateau of U/N"));
  PetscCall(DWFieldListAdd(
      list, "record/time", DW_FIELD_REAL, e->n, 0, DWSeriesColumn(e, EQ_TIME), tu,
      "time since the start of the equilibration (tau; MC sweeps for the mc scheme)"));
  PetscCall(DWFieldListAdd(list, "record/potential_energy", DW_FIELD_REAL, e->n, 0,
                           DWSeriesColumn(e, EQ_U), "eps", "potential energy per particle U/N"));
  PetscCall(DWFieldListAdd(
      list, "record/potential_energy_running_mean", DW_FIELD_REAL, e->n, 0, g->Urun, "eps",
      "mean of U/N over the rows in [t/2, t] (its plateau shows stationarity)"));
  PetscCall(DWFieldListAdd(list, "record/kinetic_temperature", DW_FIELD_REAL, e->n, 0,
                           DWSeriesColumn(e, EQ_T), "eps/k_B",
                           "kinetic temperature (mc scheme: T_f)"));
  PetscCall(DWFieldListAdd(list, "record/pressure", DW_FIELD_REAL, e->n, 0, DWSeriesColumn(e, EQ_P),
                           "eps/sigma^3", "pressure (kinetic + virial)"));
  PetscCall(DWFieldListAdd(list, "record/swap_acceptance", DW_FIELD_REAL, e->n, 0,
                           DWSeriesColumn(e, EQ_SWAP_ACC), "1",
                           "fraction of swap attempts accepted since the previous row"));
  PetscCall(DWFieldListAdd(
      list, "record/translation_acceptance", DW_FIELD_REAL, e->n, 0, DWSeriesColumn(e, EQ_MOVE_ACC),
      "1", "fraction of MC translations accepted since the previous row (mc scheme)"));
  PetscCall(DWFieldListAdd(list, "record/translation_step", DW_FIELD_REAL, e->n, 0,
                           DWSeriesColumn(e, EQ_DELTA), "sigma",
                           "MC translation step delta (mc scheme; 0 otherwise)"));
  PetscCall(DWFieldListAdd(list, "record/tau_alpha_running", DW_FIELD_REAL, e->n, 0,
                           DWSeriesColumn(e, EQ_TAU), tu,
                           "tau_alpha of the origins in [t/2, t) at each row; -1 while F_s > 1/e"));
  PetscCall(
      DWFieldListAdd(list, "record/tau_alpha_earlier_running", DW_FIELD_REAL, e->n, 0,
                     DWSeriesColumn(e, EQ_TAU_EARLIER), tu,
                     "tau_alpha of the origins in [t/4, t/2) at each row; -1 while F_s > 1/e"));
  PetscCall(DWFieldListAdd(
      list, "record/block_time", DW_FIELD_REAL, -1, 0, &g->block_time, tu,
      "time of one block (hybrid: MD steps x dt; mc: one sweep; md: -glass_md_block_steps x dt)"));
  PetscCall(DWFieldListAdd(list, "record/blocks", DW_FIELD_INT, -1, 0, &g->res.blocks, "1",
                           "blocks of the equilibration"));
  PetscCall(DWFieldListAdd(list, "record/duration", DW_FIELD_REAL, -1, 0, &g->res.duration, tu,
                           "length t of the equilibration"));
  PetscCall(DWFieldListAdd(list, "record/tau_alpha", DW_FIELD_REAL, -1, 0, &g->res.tau_alpha, tu,
                           "structural relaxation time: F_s(k, tau_alpha) = 1/e, origins of the "
                           "second half [t/2, t); -1 if never reached"));
  PetscCall(DWFieldListAdd(list, "record/tau_alpha_earlier", DW_FIELD_REAL, -1, 0,
                           &g->res.tau_alpha_earlier, tu,
                           "tau_alpha from the origins of [t/4, t/2): smaller than tau_alpha "
                           "when the liquid ages; -1 if never reached"));
  PetscCall(DWFieldListAdd(list, "record/tau_alpha_tolerance", DW_FIELD_REAL, -1, 0,
                           &g->tau_tolerance, "1",
                           "stationarity asked for: |tau_alpha_earlier / tau_alpha - 1| at most "
                           "this (-glass_tau_tolerance)"));
  PetscCall(DWFieldListAdd(list, "record/run_length_tau_alpha", DW_FIELD_REAL, -1, 0,
                           &g->res.run_length_tau_alpha, "1", "duration / tau_alpha"));
  PetscCall(DWFieldListAdd(list, "record/required_tau_alpha", DW_FIELD_REAL, -1, 0, &g->ntau, "1",
                           "run length asked for, in tau_alpha (-glass_tau_alpha)"));
  PetscCall(DWFieldListAdd(list, "record/equilibrated", DW_FIELD_INT, -1, 0, &g->equilibrated_int,
                           "1",
                           "1 when proven equilibrated: duration >= required_tau_alpha x "
                           "tau_alpha and tau_alpha stationary within tau_alpha_tolerance"));
  PetscCall(DWFieldListAdd(list, "record/potential_energy_mean_earlier", DW_FIELD_REAL, -1, 0,
                           &g->U_window[0], "eps", "mean U/N over the rows of [t/4, t/2)"));
  PetscCall(DWFieldListAdd(list, "record/potential_energy_mean_second_half", DW_FIELD_REAL, -1, 0,
                           &g->U_window[1], "eps", "mean U/N over the rows of [t/2, t]"));
  PetscCall(DWFieldListAdd(
      list, "record/swap_counts", DW_FIELD_REAL, 4, 0, g->swapstat, "1",
      "swap attempts, accepted swaps, translation attempts, accepted translations over the run"));
  if (g->res.swap_npairs > 0) {
    PetscCall(
        DWFieldListAddAttribute(list, "record/swap_pair_types", DW_FIELD_STRING, g->pairnames));
    PetscCall(DWFieldListAdd(list, "record/swap_pair_counts", DW_FIELD_REAL, g->res.swap_npairs, 2,
                             g->pairstat, "1",
                             "species swaps over the run: attempts and accepted swaps of each pair "
                             "type, rows in the order of the attribute swap_pair_types"));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode AddFsFields(DWGlass g, DWFieldList *list, const char *tu)
{
  PetscFunctionBegin;
  PetscCall(DWFieldListAddAttribute(
      list, "record/fs/description", DW_FIELD_STRING,
      "self-intermediate scattering function F_s(k, t) = <sin(k dr)/(k dr)> of all particles, "
      "averaged over the time origins of a window of the equilibration: the second half [t/2, "
      "t) and, for stationarity, the quarter before [t/4, t/2)"));
  PetscCall(DWFieldListAdd(list, "record/fs/wavevector", DW_FIELD_REAL, -1, 0, &g->k, "1/sigma",
                           "wavevector modulus k"));
  PetscCall(DWFieldListAdd(list, "record/fs/lag_time", DW_FIELD_REAL, g->fsn[1], 0, g->fst[1], tu,
                           "lag t (origins of the second half)"));
  PetscCall(DWFieldListAdd(list, "record/fs/F_s", DW_FIELD_REAL, g->fsn[1], 0, g->fsF[1], "1",
                           "F_s(k, t), origins of the second half [t/2, t)"));
  PetscCall(DWFieldListAdd(list, "record/fs/origins", DW_FIELD_INT, g->fsn[1], 0, g->fsc[1], "1",
                           "number of time origins averaged at each lag"));
  PetscCall(DWFieldListAdd(list, "record/fs/lag_time_earlier", DW_FIELD_REAL, g->fsn[0], 0,
                           g->fst[0], tu, "lag t (origins of [t/4, t/2))"));
  PetscCall(DWFieldListAdd(list, "record/fs/F_s_earlier", DW_FIELD_REAL, g->fsn[0], 0, g->fsF[0],
                           "1", "F_s(k, t), origins of [t/4, t/2)"));
  PetscCall(DWFieldListAdd(list, "record/fs/origins_earlier", DW_FIELD_INT, g->fsn[0], 0, g->fsc[0],
                           "1", "number of time origins averaged at each lag"));
  PetscFunctionReturn(0);
}

static PetscErrorCode AddQuenchFields(DWGlass g, DWFieldList *list)
{
  const DWSeries *q = &g->qrec;

  PetscFunctionBegin;
  PetscCall(DWFieldListAddAttribute(list, "quench/description", DW_FIELD_STRING,
                                    "MD quench from T_f to T_exp (instantaneous or linear ramp of "
                                    "the thermostat), then MD at T_exp"));
  PetscCall(DWFieldListAdd(list, "quench/time", DW_FIELD_REAL, q->n, 0, DWSeriesColumn(q, Q_TIME),
                           "tau", "time since the start of the quench"));
  PetscCall(DWFieldListAdd(list, "quench/target_temperature", DW_FIELD_REAL, q->n, 0,
                           DWSeriesColumn(q, Q_TTARGET), "eps/k_B", "thermostat temperature"));
  PetscCall(DWFieldListAdd(list, "quench/kinetic_temperature", DW_FIELD_REAL, q->n, 0,
                           DWSeriesColumn(q, Q_T), "eps/k_B", "kinetic temperature"));
  PetscCall(DWFieldListAdd(list, "quench/potential_energy", DW_FIELD_REAL, q->n, 0,
                           DWSeriesColumn(q, Q_U), "eps", "potential energy per particle U/N"));
  PetscCall(DWFieldListAdd(list, "quench/pressure", DW_FIELD_REAL, q->n, 0, DWSeriesColumn(q, Q_P),
                           "eps/sigma^3", "pressure (kinetic + virial)"));
  PetscCall(DWFieldListAdd(list, "quench/rate", DW_FIELD_REAL, -1, 0, &g->quench_rate,
                           "eps/(k_B tau)",
                           "cooling rate; 0: instantaneous (velocities redrawn at T_exp)"));
  PetscCall(DWFieldListAdd(list, "quench/hold_time", DW_FIELD_REAL, -1, 0, &g->quench_time, "tau",
                           "MD time at T_exp after the quench"));
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassGetOutputFields(DWGlass g, DWFieldList *list)
{
  const char *tu = g->mc ? "MC sweeps" : "tau", *id;
  PetscReal *v;

  PetscFunctionBegin;
  PetscCheck(g->stage == DW_GLASS_DONE, g->comm, PETSC_ERR_ARG_WRONGSTATE,
             "call DWGlassSolve() before DWGlassGetOutputFields()");
  PetscCall(DWGlassGetIdentity(g, &id));
  PetscCall(DWFieldListAddAttribute(
      list, "description", DW_FIELD_STRING,
      "dwell glass: a glass prepared by equilibration at T_f (swap Monte Carlo or MD) and an MD "
      "quench to T_exp; /config is the glass, /equilibrated the liquid at T_f, /record the proof "
      "of equilibration, /quench the quench"));
  PetscCall(DWFieldListAddAttribute(list, "options", DW_FIELD_STRING, id));
  PetscCall(DWFieldListAddAttribute(list, "model", DW_FIELD_STRING, g->model));
  PetscCall(DWFieldListAddAttribute(list, "N", DW_FIELD_INT, &g->N));
  PetscCall(DWFieldListAddAttribute(list, "seed", DW_FIELD_INT, &g->seed));
  PetscCall(DWFieldListAddAttribute(list, "T_f", DW_FIELD_REAL, &g->T_f));
  PetscCall(DWFieldListAddAttribute(list, "T_exp", DW_FIELD_REAL, &g->T_exp));
  PetscCall(DWFieldListAddAttribute(list, "dynamics", DW_FIELD_STRING,
                                    g->swap ? (g->mc ? "swap mc" : "swap hybrid") : "md"));
  PetscCall(DWFieldListAddAttribute(
      list, "units", DW_FIELD_STRING,
      "reduced: length sigma, energy eps, mass m, time tau = sigma sqrt(m/eps), k_B = 1"));
  PetscCall(DWMDGetVelocities(g->qmd, &v));
  PetscCall(AddConfigGroup(g, list, 0, "config", g->sys, v, &g->T_exp, &g->res.T_glass,
                           &g->res.U_glass, &g->P_glass));
  PetscCall(AddConfigGroup(g, list, 1, "equilibrated", g->eq, g->eqv, &g->T_f, &g->T_eq,
                           &g->res.U_equilibrated, &g->P_eq));
  PetscCall(AddRecordFields(g, list, tu));
  PetscCall(AddFsFields(g, list, tu));
  PetscCall(AddQuenchFields(g, list));
  PetscFunctionReturn(0);
}
