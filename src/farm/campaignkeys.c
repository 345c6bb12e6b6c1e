/* The campaign keys (include/dwell/campaign.h), read from the options database and checked
   before any work, every error naming the key and its value:
     integers are parsed into 64 bits and checked against their range (PETSc's own parser
     wraps 4294967297 to 1 with 32-bit PetscInt); reals must be finite numbers;
     T_f is a list of any length, sorted (decreasing or increasing) without repeats;
     N_g, runs, tau_cg, tau_total take one value (the same at every T_f) or a list parallel
     to T_f, as the papers' plans differ per T_f ([JCP23] Table I);
     units is a non-empty list of distinct unit sets (at most DW_CAMPAIGN_MAX_UNITS);
     explore_md_dt, explore_md_thermostat, explore_md_tau_T, explore_md_nu: the MD of the
     exploration when it differs from that of the glass preparation (-md_*): [JCP23] II.C
     prepares glasses with dt = 5e-3, II.D explores with dt = 2.5e-3 and a Berendsen
     thermostat.
   dwell's stated limits, far above the papers' values, keep a typing error from becoming an
   allocation of terabytes or a run of centuries: they are the #defines below and the table
   of stage options (StageLimits). */
#include "farm/farmimpl.h"
#include <dwell/glass.h>
#include <dwell/units.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>

#define DW_MAX_N             10000000LL  /* particles per glass (the papers: 1200, 1500) */
#define DW_MAX_EXPLORE_TASKS 100000000LL /* glasses x runs: the master keeps one slot each */
#define DW_MAX_N_CG          10000000.0  /* tau_total / tau_cg ([JCP23] Table I: <= 160000) */
#define DW_MAX_ATTEMPTS      100LL       /* a task's failures are counted in 8 bits */

/* The text of option -key: NULL when it is not given, "" when given without a value. */
static PetscErrorCode Text(const char key[], const char **text)
{
  char name[128];
  PetscBool set;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(name, sizeof(name), "-%s", key));
  PetscCall(PetscOptionsFindPair(NULL, NULL, name, text, &set));
  if (!set)
    *text = NULL;
  else if (!*text)
    *text = "";
  PetscFunctionReturn(0);
}

/* An integer of [lo, hi]; name is the key as the message shows it ("N", "N_g[2]"). */
static PetscErrorCode ParseInt(MPI_Comm comm, const char name[], const char text[], long long lo,
                               long long hi, const char what[], PetscInt *v)
{
  char *end;
  long long x;

  PetscFunctionBegin;
  errno = 0;
  x     = strtoll(text, &end, 10);
  PetscCheck(end != text && !*end, comm, PETSC_ERR_ARG_WRONG,
             "campaign key %s: '%s' is not an integer", name, text);
  PetscCheck(errno != ERANGE && x >= lo && x <= hi, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "campaign key %s = %s: %s must lie in %lld .. %lld", name, text, what, lo, hi);
  *v = (PetscInt)x;
  PetscFunctionReturn(0);
}

/* A finite real number. */
static PetscErrorCode ParseReal(MPI_Comm comm, const char name[], const char text[], PetscReal *v)
{
  char *end;
  double x;

  PetscFunctionBegin;
  x = strtod(text, &end);
  PetscCheck(end != text && !*end, comm, PETSC_ERR_ARG_WRONG,
             "campaign key %s: '%s' is not a number", name, text);
  PetscCheck(isfinite(x), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "campaign key %s = %s is not a finite number", name, text);
  *v = (PetscReal)x;
  PetscFunctionReturn(0);
}

/* The comma-separated items of text, blanks trimmed, into *copy (one allocation; the caller
   frees *copy and *items). An empty item is an error. */
static PetscErrorCode Split(MPI_Comm comm, const char key[], const char text[], PetscInt *n,
                            char **copy, char ***items)
{
  size_t len;
  PetscInt cap = 1;

  PetscFunctionBegin;
  PetscCall(PetscStrallocpy(text, copy));
  PetscCall(PetscStrlen(*copy, &len));
  for (size_t k = 0; k < len; k++) cap += (*copy)[k] == ',';
  PetscCall(PetscMalloc1(cap, items));
  *n = 0;
  if (!len) PetscFunctionReturn(0);
  for (char *p = *copy, *next; p; p = next) {
    char *end;
    next = strchr(p, ',');
    if (next) *next++ = 0;
    while (isspace((unsigned char)*p)) p++;
    for (end = p + strlen(p); end > p && isspace((unsigned char)end[-1]); end--) end[-1] = 0;
    PetscCheck(*p, comm, PETSC_ERR_ARG_WRONG,
               "campaign key %s: item %" PetscInt_FMT " of '%s' is empty", key, *n + 1, text);
    (*items)[(*n)++] = p;
  }
  PetscFunctionReturn(0);
}

/* The name of item k of a key for messages: "key" for a scalar, "key[k]" in a list. */
static const char *ItemName(char buf[], size_t len, const char key[], PetscInt n, PetscInt k)
{
  if (n > 1)
    snprintf(buf, len, "%s[%" PetscInt_FMT "]", key, k);
  else
    snprintf(buf, len, "%s", key);
  return buf;
}

/* A per-T_f key: absent (required: an error, else all def), one value, or n_Tf values. */
static PetscErrorCode PlanItems(DWCampaign c, const char key[], const char what[], PetscBool *given,
                                PetscInt *n, char **copy, char ***items)
{
  const char *text;

  PetscFunctionBegin;
  *copy  = NULL;
  *items = NULL;
  *n     = 0;
  PetscCall(Text(key, &text));
  *given = (PetscBool)(text != NULL);
  if (!text) PetscFunctionReturn(0);
  PetscCall(Split(c->comm, key, text, n, copy, items));
  PetscCheck(*n > 0, c->comm, PETSC_ERR_ARG_WRONG, "campaign key %s is empty (%s)", key, what);
  PetscCheck(*n == 1 || *n == c->n_Tf, c->comm, PETSC_ERR_ARG_SIZ,
             "campaign key %s has %" PetscInt_FMT " values but T_f has %" PetscInt_FMT
             ": give one value (the same at every T_f) or one per T_f",
             key, *n, c->n_Tf);
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadPlanInt(DWCampaign c, const char key[], const char what[], long long lo,
                                  long long hi, PetscInt def, PetscInt v[])
{
  PetscInt n;
  PetscBool given;
  char *copy, **items, name[96];

  PetscFunctionBegin;
  PetscCall(PlanItems(c, key, what, &given, &n, &copy, &items));
  for (PetscInt i = 0; i < c->n_Tf; i++) v[i] = def;
  for (PetscInt k = 0; k < n; k++)
    PetscCall(
        ParseInt(c->comm, ItemName(name, sizeof(name), key, n, k), items[k], lo, hi, what, &v[k]));
  for (PetscInt i = 1; given && n == 1 && i < c->n_Tf; i++) v[i] = v[0];
  PetscCall(PetscFree(items));
  PetscCall(PetscFree(copy));
  PetscFunctionReturn(0);
}

/* A required per-T_f real key, each value positive. */
static PetscErrorCode ReadPlanReal(DWCampaign c, const char key[], const char what[], PetscReal v[])
{
  PetscInt n;
  PetscBool given;
  char *copy, **items, name[96];

  PetscFunctionBegin;
  PetscCall(PlanItems(c, key, what, &given, &n, &copy, &items));
  PetscCheck(given, c->comm, PETSC_ERR_ARG_NULL, "campaign key %s is missing (%s)", key, what);
  for (PetscInt k = 0; k < n; k++) {
    ItemName(name, sizeof(name), key, n, k);
    PetscCall(ParseReal(c->comm, name, items[k], &v[k]));
    PetscCheck(v[k] > 0, c->comm, PETSC_ERR_ARG_OUTOFRANGE,
               "campaign key %s = %s: %s must be positive", name, items[k], what);
  }
  for (PetscInt i = 1; n == 1 && i < c->n_Tf; i++) v[i] = v[0];
  PetscCall(PetscFree(items));
  PetscCall(PetscFree(copy));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadScalarInt(DWCampaign c, const char key[], const char what[], long long lo,
                                    long long hi, PetscInt *v)
{
  const char *text;

  PetscFunctionBegin;
  PetscCall(Text(key, &text));
  if (text) PetscCall(ParseInt(c->comm, key, text, lo, hi, what, v));
  PetscFunctionReturn(0);
}

/* A real key of [lo, hi] (hi < 0: no upper bound). */
static PetscErrorCode ReadScalarReal(DWCampaign c, const char key[], const char what[],
                                     PetscReal lo, PetscReal hi, PetscReal *v)
{
  const char *text;

  PetscFunctionBegin;
  PetscCall(Text(key, &text));
  if (!text) PetscFunctionReturn(0);
  PetscCall(ParseReal(c->comm, key, text, v));
  PetscCheck(*v >= lo, c->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "campaign key %s = %s: %s must be at least %g", key, text, what, (double)lo);
  PetscCheck(hi < 0 || *v <= hi, c->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "campaign key %s = %s: %s must be at most %g (dwell's limit)", key, text, what,
             (double)hi);
  PetscFunctionReturn(0);
}

/* T_f: a list of positive temperatures below the model's onset, sorted without repeats. */
static PetscErrorCode ReadTf(DWCampaign c, PetscReal T_onset)
{
  const char *text;
  char *copy, **items, name[32];
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(Text("T_f", &text));
  PetscCheck(text && text[0], c->comm, PETSC_ERR_ARG_NULL,
             "campaign key T_f is missing (the fictive temperatures, eps/k_B, e.g. [0.092, 0.07])");
  PetscCall(Split(c->comm, "T_f", text, &n, &copy, &items));
  c->n_Tf = n;
  PetscCall(PetscMalloc3(n, &c->T_f, n, &c->tau_cg, n, &c->tau_total));
  PetscCall(PetscMalloc3(n, &c->N_g, n, &c->runs, n + 1, &c->first));
  for (PetscInt k = 0; k < n; k++) {
    PetscCall(ParseReal(c->comm, ItemName(name, sizeof(name), "T_f", 2, k), items[k], &c->T_f[k]));
    PetscCheck(c->T_f[k] > 0, c->comm, PETSC_ERR_ARG_OUTOFRANGE,
               "campaign key T_f[%" PetscInt_FMT "] = %g must be positive", k, (double)c->T_f[k]);
    PetscCheck(T_onset <= 0 || c->T_f[k] <= T_onset, c->comm, PETSC_ERR_ARG_OUTOFRANGE,
               "campaign key T_f[%" PetscInt_FMT "] = %g is above the onset temperature of %s "
               "(about %g): not a supercooled liquid",
               k, (double)c->T_f[k], c->model, (double)T_onset);
    PetscCheck(k < 1 || c->T_f[k] != c->T_f[k - 1], c->comm, PETSC_ERR_ARG_WRONG,
               "campaign key T_f[%" PetscInt_FMT "] = %g repeats T_f[%" PetscInt_FMT "]", k,
               (double)c->T_f[k], k - 1);
    PetscCheck(k < 2 || (c->T_f[k] - c->T_f[k - 1]) * (c->T_f[1] - c->T_f[0]) > 0, c->comm,
               PETSC_ERR_ARG_WRONG,
               "campaign key T_f is not sorted: T_f[%" PetscInt_FMT
               "] = %g after T_f[%" PetscInt_FMT
               "] = %g (list the temperatures in decreasing or increasing order)",
               k, (double)c->T_f[k], k - 1, (double)c->T_f[k - 1]);
  }
  PetscCall(PetscFree(items));
  PetscCall(PetscFree(copy));
  PetscFunctionReturn(0);
}

/* The plan: N_g, runs, tau_cg, tau_total per T_f, and the samples of each T_f. */
static PetscErrorCode ReadPlan(DWCampaign c)
{
  PetscReal tasks = 0;

  PetscFunctionBegin;
  PetscCall(ReadPlanInt(c, "N_g", "glasses per T_f", 1, PETSC_MAX_INT, 1, c->N_g));
  PetscCall(ReadPlanInt(c, "runs", "exploration runs per glass", 1, PETSC_MAX_INT, 1, c->runs));
  PetscCall(ReadPlanReal(c, "tau_cg", "MD time between minimisations (tau)", c->tau_cg));
  PetscCall(ReadPlanReal(c, "tau_total", "length of each exploration run (tau)", c->tau_total));
  c->first[0] = 0;
  for (PetscInt i = 0; i < c->n_Tf; i++) {
    PetscCheck(c->tau_total[i] >= c->tau_cg[i], c->comm, PETSC_ERR_ARG_OUTOFRANGE,
               "campaign keys tau_total = %g and tau_cg = %g at T_f = %g: a run must span at "
               "least one minimisation interval (tau_total >= tau_cg)",
               (double)c->tau_total[i], (double)c->tau_cg[i], (double)c->T_f[i]);
    PetscCheck(c->tau_total[i] / c->tau_cg[i] <= DW_MAX_N_CG, c->comm, PETSC_ERR_ARG_OUTOFRANGE,
               "campaign keys tau_total = %g and tau_cg = %g at T_f = %g: N_cg = tau_total / "
               "tau_cg = %g minimisations per run, dwell's limit is %g (each run keeps its IS "
               "series)",
               (double)c->tau_total[i], (double)c->tau_cg[i], (double)c->T_f[i],
               (double)(c->tau_total[i] / c->tau_cg[i]), DW_MAX_N_CG);
    PetscCheck((PetscReal)c->first[i] + c->N_g[i] <= PETSC_MAX_INT, c->comm,
               PETSC_ERR_ARG_OUTOFRANGE, "campaign key N_g: more than %d glasses in all",
               (int)PETSC_MAX_INT);
    c->first[i + 1] = c->first[i] + c->N_g[i];
    tasks += (PetscReal)c->N_g[i] * c->runs[i];
  }
  PetscCheck(tasks <= DW_MAX_EXPLORE_TASKS, c->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "campaign keys N_g and runs: %g exploration runs in all, dwell's limit is %lld (the "
             "master keeps one slot per run)",
             (double)tasks, DW_MAX_EXPLORE_TASKS);
  PetscFunctionReturn(0);
}

/* units: distinct unit sets, the model's pair by default. */
static PetscErrorCode ReadUnits(DWCampaign c)
{
  const char *text;
  char *copy, **items;
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(Text("units", &text));
  if (!text) text = !strcmp(c->model, "pss") ? "argon_prl20,nickel_prl20" : "argon_jcp23,nip_jcp23";
  PetscCall(Split(c->comm, "units", text, &n, &copy, &items));
  PetscCheck(n > 0, c->comm, PETSC_ERR_ARG_WRONG,
             "campaign key units is empty: give at least one unit set (e.g. [argon_prl20, "
             "nickel_prl20])");
  PetscCheck(n <= DW_CAMPAIGN_MAX_UNITS, c->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "campaign key units has %" PetscInt_FMT " unit sets, at most %d", n,
             DW_CAMPAIGN_MAX_UNITS);
  for (PetscInt k = 0; k < n; k++) {
    for (PetscInt j = 0; j < k; j++)
      PetscCheck(strcmp(items[j], items[k]), c->comm, PETSC_ERR_ARG_WRONG,
                 "campaign key units: '%s' is given twice", items[k]);
    PetscCall(DWUnitsGetByName(c->comm, items[k], &c->units[k]));
  }
  c->n_units = n;
  PetscCall(PetscFree(items));
  PetscCall(PetscFree(copy));
  PetscFunctionReturn(0);
}

/* The exploration's own MD (-explore_md_*): numbers checked here, the thermostat's name by
   the MD object of the exploration (src/farm/campaignplan.c). */
static PetscErrorCode ReadExploreMD(DWCampaign c)
{
  static const char *const keys[] = {"explore_md_dt", "explore_md_tau_T", "explore_md_nu"};
  PetscReal v;

  PetscFunctionBegin;
  for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
    const char *text;
    PetscCall(Text(keys[k], &text));
    if (!text) continue;
    PetscCall(ParseReal(c->comm, keys[k], text, &v));
    PetscCheck(v > 0, c->comm, PETSC_ERR_ARG_OUTOFRANGE, "campaign key %s = %s must be positive",
               keys[k], text);
  }
  PetscFunctionReturn(0);
}

/* Options of the stage objects whose values their SetFromOptions accept but that fail at run
   time, or wrap (a 32-bit PetscInt): dwell's limits, far above the papers' values. */
static const struct {
  const char *key, *what;
  long long lo, hi;
} stage_limits[] = {
    {"neb_images", "images of a band, end points included (the papers: 40-64)", 3, 1000},
    {"neb_max_splits", "intermediate minima split per path", 0, 1000},
    {"neb_maxit", "iterations per band", 1, PETSC_MAX_INT},
    {"min_maxit", "minimiser iterations", 1, PETSC_MAX_INT},
    {"tunnel_n_xi", "grid points of the 1D Schroedinger problem (the papers: 2000)", 64, 1000000},
    {"fs_max_origins", "time origins of F_s (memory: origins x 3N reals)", 2, 10000},
    {"fs_lags_per_decade", "lags per decade of F_s", 1, 1000},
    {"fs_origin_interval", "samples between F_s origins", 1, PETSC_MAX_INT},
    {"glass_record_max", "record rows of a glass", 4, 1000000},
    {"glass_blocks", "equilibration blocks", 0, PETSC_MAX_INT},
    {"glass_min_blocks", "shortest equilibration (blocks)", 0, PETSC_MAX_INT},
    {"glass_max_blocks", "longest equilibration (blocks)", 1, PETSC_MAX_INT},
    {"glass_relax_steps", "relaxation steps", 0, PETSC_MAX_INT},
    {"glass_md_block_steps", "MD steps per block", 1, PETSC_MAX_INT},
    {"glass_sample_interval", "blocks between F_s samples", 1, PETSC_MAX_INT},
    {"glass_record_interval", "F_s samples between record rows", 1, PETSC_MAX_INT},
    {"swap_md_steps", "MD steps per swap block", 1, PETSC_MAX_INT},
    {"explore_bisect_depth", "bisection levels", 0, 30},
    {"explore_min_transitions", "candidate threshold", 1, PETSC_MAX_INT},
    {"min_lbfgs_m", "L-BFGS corrections", 1, 100},
};

#define DW_MAX_QUENCH_TIME 1e6 /* tau of MD in a quench ([JCP23], [PRL20]: rapid quenches) */

static PetscErrorCode CheckStageLimits(DWCampaign c)
{
  PetscReal t = 0, rate = 0, Tmax = 0;
  PetscInt v;

  PetscFunctionBegin;
  for (size_t k = 0; k < sizeof(stage_limits) / sizeof(stage_limits[0]); k++)
    PetscCall(ReadScalarInt(c, stage_limits[k].key, stage_limits[k].what, stage_limits[k].lo,
                            stage_limits[k].hi, &v));
  PetscCall(ReadScalarReal(c, "glass_quench_time", "MD time at T_exp after the quench (tau)", 0,
                           DW_MAX_QUENCH_TIME, &t));
  PetscCall(ReadScalarReal(c, "glass_quench_rate", "quench rate (eps/k_B per tau)", 0, -1, &rate));
  for (PetscInt i = 0; i < c->n_Tf; i++) Tmax = PetscMax(Tmax, c->T_f[i]);
  PetscCheck(rate == 0 || Tmax / rate <= DW_MAX_QUENCH_TIME, c->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "campaign key glass_quench_rate = %g: the ramp from T_f = %g would last %g tau, "
             "dwell's limit is %g (0: instantaneous)",
             (double)rate, (double)Tmax, (double)(Tmax / rate), DW_MAX_QUENCH_TIME);
  PetscFunctionReturn(0);
}

/* The modes stage (src/farm/stagemodes.c): off by default; k at most the 3N - 3 vibrational
   modes of an IS (the translations removed), checked before any work. */
static PetscErrorCode ReadModesKeys(DWCampaign c)
{
  const char *text;

  PetscFunctionBegin;
  c->modes_k = 50;
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-modes_stage", &c->modes_stage, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-modes_tls_only", &c->modes_tls_only, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-modes_nlmode", &c->modes_nlmode, NULL));
  PetscCheck(!c->modes_nlmode || c->modes_stage, c->comm, PETSC_ERR_ARG_WRONG,
             "campaign key modes_nlmode: true needs modes_stage: true (the nonlinear modes are "
             "computed by the modes stage)");
  PetscCall(Text("modes_k", &text));
  if (text)
    PetscCall(ParseInt(c->comm, "modes_k", text, 1, 3 * c->N - 3,
                       "the number of modes per IS (at most the 3N - 3 vibrational modes)",
                       &c->modes_k));
  PetscCheck(!c->modes_stage || c->modes_k <= 3 * c->N - 3, c->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "campaign key modes_k (default %" PetscInt_FMT
             "): the number of modes per IS must be at most the 3N - 3 = %" PetscInt_FMT
             " vibrational modes of N = %" PetscInt_FMT,
             c->modes_k, 3 * c->N - 3, c->N);
  PetscFunctionReturn(0);
}

/* The elastic stage (src/farm/stageelastic.c): off by default; elastic_modes (default 0: no
   A_4) at most the 3N - 3 vibrational modes of an IS, checked before any work. */
static PetscErrorCode ReadElasticKeys(DWCampaign c)
{
  PetscFunctionBegin;
  c->elastic_modes = 0;
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-elastic_stage", &c->elastic_stage, NULL));
  PetscCall(ReadScalarInt(c, "elastic_modes",
                          "the lowest modes of the A_4 fit of the elastic stage (at most the 3N - "
                          "3 vibrational modes; 0: none)",
                          0, PetscMax(3 * c->N - 3, 0), &c->elastic_modes));
  PetscFunctionReturn(0);
}

/* The pull stage (src/farm/stagepull.c): off by default; pull_modes (default 10) the lowest
   modes of each glass's IS pulled, at least 1 and at most its 3N - 3 vibrational modes;
   pull_neb (default true): the double well r_0 -> r_1 of each transition. */
static PetscErrorCode ReadPullKeys(DWCampaign c)
{
  PetscFunctionBegin;
  c->pull_modes = PetscMin(10, PetscMax(3 * c->N - 3, 1));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-pull_stage", &c->pull_stage, NULL));
  c->pull_neb = PETSC_TRUE;
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-pull_neb", &c->pull_neb, NULL));
  PetscCall(ReadScalarInt(c, "pull_modes",
                          "the lowest modes of each glass's IS pulled by the pull stage (at least "
                          "1, at most the 3N - 3 vibrational modes)",
                          1, PetscMax(3 * c->N - 3, 1), &c->pull_modes));
  PetscFunctionReturn(0);
}

/* neb_path_hessian k: the k lowest Hessian eigenvalues orthogonal to the path tangent at
   every image of each double well ([JCP23] App. C; src/modes/pathhessian.c), 0 (default):
   off. The complement of the tangent and the 3 translations has 3N - 4 directions; the images
   must be kept for it (-neb_keep_images, on by default). */
static PetscErrorCode ReadPathHessianKey(DWCampaign c)
{
  PetscBool keep = PETSC_TRUE;

  PetscFunctionBegin;
  c->path_hessian_k = 0;
  PetscCall(ReadScalarInt(c, "neb_path_hessian",
                          "the number of Hessian eigenvalues orthogonal to the path tangent per "
                          "image (at most the 3N - 4 directions orthogonal to the tangent and the "
                          "translations; 0: off)",
                          0, PetscMax(3 * c->N - 4, 0), &c->path_hessian_k));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-neb_keep_images", &keep, NULL));
  PetscCheck(!c->path_hessian_k || keep, c->comm, PETSC_ERR_ARG_INCOMP,
             "campaign key neb_path_hessian = %" PetscInt_FMT
             " needs the images of each path: neb_keep_images must not be false",
             c->path_hessian_k);
  PetscFunctionReturn(0);
}

/* protocol (issue 16, src/farm/taskscreen.c): fast (default) or paper, and the knobs of the
   fast protocol's pre-screen, each checked before any work. */
static PetscErrorCode ReadScreenKeys(DWCampaign c)
{
  DWScreenPlan *p = &c->screen;
  const char *text;

  PetscFunctionBegin;
  *p = (DWScreenPlan){DW_PROTOCOL_FAST, 2, 2, 0.1, 0.2, 10, PETSC_TRUE, 0, 1.5, 200, 10, 10, 20};
  PetscCall(Text("protocol", &text));
  PetscCheck(!text || !strcmp(text, "fast") || !strcmp(text, "paper"), c->comm, PETSC_ERR_ARG_WRONG,
             "campaign key protocol = %s: must be paper (every candidate pair to the NEB, "
             "[JCP23]) or fast (the learned pre-screen, issue 16)",
             text);
  if (text) p->protocol = strcmp(text, "fast") ? DW_PROTOCOL_PAPER : DW_PROTOCOL_FAST;
  PetscCall(ReadScalarInt(c, "screen_warmup",
                          "the samples of the fast protocol's first round, run without a model", 1,
                          PETSC_MAX_INT, &p->warmup));
  PetscCall(ReadScalarInt(c, "screen_retrain_every",
                          "the samples per round of the fast protocol (the model is retrained "
                          "before each)",
                          1, PETSC_MAX_INT, &p->round));
  PetscCall(ReadScalarReal(c, "screen_keep",
                           "the random fraction of screened pairs run anyway (measures recall)", 0,
                           1, &p->keep));
  PetscCall(ReadScalarReal(c, "screen_p_min",
                           "the classifier probability of a double well that sends a pair to the "
                           "NEB",
                           0, 1, &p->p_min));
  PetscCall(ReadScalarReal(c, "screen_multiple",
                           "the predicted splitting, in units of k_B T_Q, below which a pair goes "
                           "to the NEB",
                           1, -1, &p->multiple));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-screen_unseen", &p->unseen, NULL));
  for (PetscInt u = 0; u < c->n_units; u++)
    p->unseen_dE = PetscMax(p->unseen_dE, p->multiple * c->units[u].kT_Q);
  PetscCall(ReadScalarReal(c, "screen_unseen_dE",
                           "eps: the largest energy difference of an added pair of IS never seen "
                           "in transition",
                           0, -1, &p->unseen_dE));
  PetscCall(ReadScalarReal(c, "screen_unseen_dmax",
                           "sigma: the largest particle displacement of an added pair", 0, -1,
                           &p->unseen_dmax));
  PetscCall(ReadScalarInt(c, "screen_unseen_max",
                          "the added pairs per sample screened by a model at most", 0,
                          PETSC_MAX_INT, &p->unseen_max));
  PetscCall(ReadScalarInt(c, "screen_unseen_warmup",
                          "the added pairs per sample run without a model (warm-up) at most", 0,
                          PETSC_MAX_INT, &p->unseen_warmup));
  PetscCall(ReadScalarInt(c, "screen_train_samples",
                          "the samples before a round whose NEBs train its model (the last ones)",
                          1, PETSC_MAX_INT, &p->train_samples));
  PetscCall(ReadScalarInt(c, "screen_min_rows",
                          "the training rows a model needs (fewer: the round runs every pair)", 2,
                          PETSC_MAX_INT, &p->min_rows));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCampaignReadKeys(DWCampaign c)
{
  PetscBool set;
  PetscReal T_onset;
  PetscInt N_default;

  PetscFunctionBegin;
  PetscOptionsBegin(c->comm, NULL, "dwell run: the campaign keys (campaign file or command line)",
                    NULL);
  PetscCall(PetscOptionsString("-model", "the model (pss, tlj, ka2, ka, lj, harmonic)", NULL,
                               c->model, c->model, sizeof(c->model), &set));
  PetscCheck(set && c->model[0], c->comm, PETSC_ERR_ARG_NULL,
             "campaign key model is missing (the pair potential: pss, tlj, ka2, ka, lj, harmonic)");
  PetscOptionsEnd();
  PetscCall(DWGlassGetModelDefaults(c->model, &N_default, NULL, &T_onset));
  c->N = N_default;
  PetscCall(ReadScalarInt(c, "N", "the number of particles", 1, DW_MAX_N, &c->N));
  PetscCall(ReadScalarInt(c, "seed", "the campaign seed", 0, PETSC_MAX_INT, &c->seed));
  PetscCall(ReadTf(c, T_onset));
  PetscCall(ReadPlan(c));
  PetscCall(ReadScalarInt(c, "campaign_max_attempts",
                          "attempts of a task failing by an error before it is given up (a NEB "
                          "that does not converge: at once)",
                          1, DW_MAX_ATTEMPTS, &c->max_attempts));
  PetscCall(ReadScalarReal(c, "campaign_progress_interval",
                           "seconds between progress lines (0: none)", 0, -1,
                           &c->progress_interval));
  PetscCall(ReadScalarReal(c, "max_time", "wall seconds before a clean stop (0: none)", 0, -1,
                           &c->max_time));
  PetscCall(ReadScalarReal(c, "campaign_task_timeout",
                           "seconds a task may run before it is presumed stalled and run "
                           "elsewhere (0: automatic, -1: never)",
                           -1, -1, &c->task_timeout));
  PetscCall(ReadScalarReal(c, "campaign_prefetch_below",
                           "seconds: a worker gets its next task before it reports when the "
                           "tasks of its stage took at most this long (0: never)",
                           0, -1, &c->prefetch_below));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-campaign_retry_failed", &c->retry_failed, NULL));
  PetscCall(ReadUnits(c));
  PetscCall(ReadModesKeys(c));
  PetscCall(ReadElasticKeys(c));
  PetscCall(ReadPullKeys(c));
  PetscCall(ReadScreenKeys(c));
  PetscCall(ReadPathHessianKey(c));
  PetscCall(ReadExploreMD(c));
  PetscCall(CheckStageLimits(c));
  /* a glass stops at its checkpoints when the campaign is told to stop: check every minute
     unless the file says otherwise (SLURM's warning signal comes minutes before the end) */
  PetscCall(PetscOptionsHasName(NULL, NULL, "-glass_checkpoint_interval", &set));
  if (!set) PetscCall(PetscOptionsSetValue(NULL, "-glass_checkpoint_interval", "60"));
  PetscFunctionReturn(0);
}
