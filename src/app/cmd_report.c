/* dwell report DIR: the numbers of a campaign from its library DIR/library.h5 ([JCP23]
   Table I, [PRL20] Fig. 2; DESIGN.md section 4), per fictive temperature T_f and per unit set
   (mt):
     N_g    glasses done (/samples status 1), N_IS the inherent structures of those glasses,
     N_DW   the double wells of /dw at that T_f,
     N_TLS  the double wells whose splitting E (converged rows of /dw/quantum/NAME only) is
            below k_B T_Q = 2 pi / mt eps,
     the ratios N_IS/N_g, N_DW/N_g, N_DW/N_IS, N_TLS/N_DW of [JCP23] Table I, and
     n0     the plateau of n(E)/E, K / (N N_g (E_hi - E_lo)) for the K converged splittings in
            [E_lo, E_hi) (default [0, k_B T_Q), where K = N_TLS) with its Poisson error
            sqrt(K) / (N N_g (E_hi - E_lo)) (DWStatsPlateau), in eps^-1 per particle and, for
            a built-in unit set, in J^-1 m^-3 at the model's number density
            (DWUnitsDensityToSI).
   Rank 0 reads the library and prints YAML, then the same numbers as fixed-width tables in
   YAML comments (so stdout stays valid YAML); the YAML also goes to DIR/report.yaml (written
   under a temporary name and renamed). */
#include <dwell/library.h>
#include <dwell/potential.h>
#include <dwell/stats.h>
#include <dwell/units.h>
#include <ctype.h>
#include <unistd.h>
#include "io/ioimpl.h"
#include "app/commands.h"

typedef struct {
  char dir[PETSC_MAX_PATH_LEN], path[PETSC_MAX_PATH_LEN + 16];
  PetscReal E_lo, E_hi; /* the n0 window, in units of k_B T_Q */
} ReportOptions;

/* The glasses and structures of one T_f. */
typedef struct {
  PetscInt done, failed, not_done, n_is, n_dw, n_dw_samples;
} TfCount;

/* One T_f and one unit set. */
typedef struct {
  PetscInt n_conv, n_tls, K;
  PetscBool has_n0, has_SI;
  PetscReal n0, n0_err, n0_upper95, n0_SI, n0_SI_err;
} SetStat;

/* Everything the report prints. */
typedef struct {
  const ReportOptions *o;
  DWLibraryData lib;
  PetscReal rho;
  const char *rho_source;
  TfCount *tf;   /* n_Tf */
  SetStat *st;   /* n_Tf x n_mt */
  DWUnits *unit; /* n_mt */
  PetscBool *si; /* n_mt: the set is built in and its mt is the library's */
} Report;

static PetscErrorCode ReadOptions(MPI_Comm comm, PetscBool helponly, ReportOptions *o)
{
  size_t len;

  PetscFunctionBegin;
  PetscOptionsBegin(comm, NULL, "dwell report: TLS statistics of DIR/library.h5", NULL);
  PetscCall(DWAppRequireString(comm, PetscOptionsObject, "-dir",
                               "campaign directory holding library.h5 (dwell report DIR)", o->dir,
                               sizeof(o->dir), helponly));
  PetscCall(PetscOptionsReal("-report_E_lo", "lower end of the n0 window, in units of k_B T_Q",
                             NULL, o->E_lo, &o->E_lo, NULL));
  PetscCall(PetscOptionsReal("-report_E_hi", "upper end of the n0 window, in units of k_B T_Q",
                             NULL, o->E_hi, &o->E_hi, NULL));
  PetscOptionsEnd();
  if (helponly) PetscFunctionReturn(0);
  PetscCheck(o->E_lo >= 0 && o->E_hi > o->E_lo, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-report_E_lo %g -report_E_hi %g: need 0 <= E_lo < E_hi (units of k_B T_Q)",
             (double)o->E_lo, (double)o->E_hi);
  PetscCall(PetscStrlen(o->dir, &len));
  while (len > 1 && o->dir[len - 1] == '/') o->dir[--len] = 0;
  PetscCall(PetscSNPrintf(o->path, sizeof(o->path), "%s/library.h5", o->dir));
  PetscFunctionReturn(0);
}

/* Whether name is one of the entries of a ", "-separated list. */
static PetscBool InList(const char list[], const char name[])
{
  const size_t n = strlen(name);

  for (const char *p = strstr(list, name); n && p; p = strstr(p + 1, name))
    if ((p == list || p[-1] == ' ') && (p[n] == ',' || p[n] == 0)) return PETSC_TRUE;
  return PETSC_FALSE;
}

/* The number density (sigma^-3): -rho of the campaign's options, else the model's. */
static PetscErrorCode Density(Report *r)
{
  char known[256];
  const char *p;
  DWPotential pot;

  PetscFunctionBegin;
  r->rho = 0;
  for (p = strstr(r->lib.options, "-rho"); p; p = strstr(p + 1, "-rho"))
    if ((p == r->lib.options || isspace((unsigned char)p[-1])) && isspace((unsigned char)p[4])) {
      r->rho        = strtod(p + 4, NULL);
      r->rho_source = "campaign option -rho";
      if (r->rho > 0) PetscFunctionReturn(0);
    }
  r->rho_source = "unknown model: no density";
  PetscCall(DWPotentialListTypes(known, sizeof(known)));
  if (!InList(known, r->lib.model)) PetscFunctionReturn(0);
  PetscCall(DWPotentialCreate(PETSC_COMM_SELF, &pot));
  PetscCall(DWPotentialSetType(pot, r->lib.model));
  PetscCall(DWPotentialGetDensity(pot, &r->rho));
  PetscCall(DWPotentialDestroy(&pot));
  r->rho_source = "model default";
  PetscFunctionReturn(0);
}

/* A unit set converts to SI when it is built in (sigma and eps known) with the library's mt. */
static PetscErrorCode UnitSets(Report *r)
{
  char known[256];

  PetscFunctionBegin;
  PetscCall(DWUnitsListNames(known, sizeof(known)));
  for (PetscInt k = 0; k < r->lib.n_mt; k++) {
    const DWLibraryQuantum *q = &r->lib.quantum[k];
    r->si[k]                  = PETSC_FALSE;
    if (!InList(known, q->name) || !(r->rho > 0)) continue;
    PetscCall(DWUnitsGetByName(PETSC_COMM_SELF, q->name, &r->unit[k]));
    r->si[k] = (PetscBool)(PetscAbsReal(r->unit[k].mt - q->mt) <= 1e-9 * q->mt);
  }
  PetscFunctionReturn(0);
}

/* Glasses and IS per T_f from /samples; the T_f index of every /dw row from its sample. */
static PetscErrorCode CountTf(Report *r, PetscInt dw_tf[])
{
  const DWLibraryData *lib = &r->lib;
  PetscInt smax            = -1, *tf_of;

  PetscFunctionBegin;
  for (PetscInt s = 0; s < lib->n_samples; s++) {
    TfCount *c = &r->tf[lib->sample_Tf[s]];
    smax       = PetscMax(smax, lib->sample[s]);
    c->n_dw_samples += lib->sample_n_dw[s];
    if (lib->status[s] == 1) {
      c->done++;
      c->n_is += lib->sample_n_is[s];
    } else if (lib->status[s] == 2)
      c->failed++;
    else
      c->not_done++;
  }
  PetscCall(PetscMalloc1(smax + 2, &tf_of));
  for (PetscInt s = 0; s <= smax + 1; s++) tf_of[s] = -1;
  for (PetscInt s = 0; s < lib->n_samples; s++)
    if (lib->sample[s] >= 0) tf_of[lib->sample[s]] = lib->sample_Tf[s];
  for (PetscInt i = 0; i < lib->n_dw; i++) {
    const PetscInt s = lib->dw_sample[i];
    dw_tf[i]         = (s >= 0 && s <= smax) ? tf_of[s] : -1;
    PetscCheck(dw_tf[i] >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "%s: /dw row %" PetscInt_FMT " has sample %" PetscInt_FMT ", which /samples lacks",
               r->o->path, i, s);
    r->tf[dw_tf[i]].n_dw++;
  }
  PetscCall(PetscFree(tf_of));
  PetscFunctionReturn(0);
}

/* N_TLS and n0 of T_f index t and unit set k; E is work space of n_dw entries. */
static PetscErrorCode SetStatCompute(Report *r, const PetscInt dw_tf[], PetscInt t, PetscInt k,
                                     PetscReal E[])
{
  const DWLibraryData *lib  = &r->lib;
  const DWLibraryQuantum *q = &lib->quantum[k];
  const PetscInt done       = r->tf[t].done;
  SetStat *st               = &r->st[t * lib->n_mt + k];
  PetscReal fraction;

  PetscFunctionBegin;
  st->n_conv = 0;
  for (PetscInt i = 0; i < lib->n_dw; i++)
    if (dw_tf[i] == t && q->converged[i] == 1) E[st->n_conv++] = q->E[i];
  PetscCall(DWStatsTLS(st->n_conv, E, q->kT_Q, &st->n_tls, &fraction));
  st->has_n0 = (PetscBool)(done > 0);
  if (!st->has_n0) PetscFunctionReturn(0);
  PetscCall(DWStatsPlateau(st->n_conv, E, lib->N, done, r->o->E_lo * q->kT_Q, r->o->E_hi * q->kT_Q,
                           &st->n0, &st->n0_err, &st->K));
  /* K = 0: the Poisson 95% upper limit, -ln(0.05) events over the same exposure */
  st->n0_upper95 =
      -PetscLogReal(0.05) / ((PetscReal)lib->N * done * (r->o->E_hi - r->o->E_lo) * q->kT_Q);
  st->has_SI = r->si[k];
  if (!st->has_SI) PetscFunctionReturn(0);
  PetscCall(DWUnitsDensityToSI(&r->unit[k], r->rho, st->n0, &st->n0_SI));
  PetscCall(DWUnitsDensityToSI(&r->unit[k], r->rho, st->n0_err, &st->n0_SI_err));
  PetscFunctionReturn(0);
}

static PetscErrorCode Compute(Report *r)
{
  const DWLibraryData *lib = &r->lib;
  PetscInt *dw_tf;
  PetscReal *E;

  PetscFunctionBegin;
  PetscCall(Density(r));
  PetscCall(PetscCalloc4(lib->n_Tf, &r->tf, lib->n_Tf * lib->n_mt, &r->st, lib->n_mt, &r->unit,
                         lib->n_mt, &r->si));
  PetscCall(UnitSets(r));
  PetscCall(PetscMalloc2(lib->n_dw, &dw_tf, lib->n_dw, &E));
  PetscCall(CountTf(r, dw_tf));
  for (PetscInt t = 0; t < lib->n_Tf; t++)
    for (PetscInt k = 0; k < lib->n_mt; k++) PetscCall(SetStatCompute(r, dw_tf, t, k, E));
  PetscCall(PetscFree2(dw_tf, E));
  PetscFunctionReturn(0);
}

/* "key: a/b" or "key: null" when b = 0. */
static PetscErrorCode PrintRatio(FILE *fp, const char indent[], const char key[], PetscInt a,
                                 PetscInt b)
{
  PetscFunctionBegin;
  if (b)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "%s%s: %.9g\n", indent, key, (double)a / b));
  else
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "%s%s: null\n", indent, key));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteSetYAML(FILE *fp, const Report *r, PetscInt t, PetscInt k)
{
  const DWLibraryQuantum *q = &r->lib.quantum[k];
  const SetStat *st         = &r->st[t * r->lib.n_mt + k];
  const char *in            = "        ";

  PetscFunctionBegin;
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "      - name: %s\n%smt: %.9g\n%skT_Q: %.9g\n%sT_Q: %.9g\n%sN_converged: "
                         "%" PetscInt_FMT "\n%sN_TLS: %" PetscInt_FMT "\n",
                         q->name, in, (double)q->mt, in, (double)q->kT_Q, in, (double)q->T_Q, in,
                         st->n_conv, in, st->n_tls));
  PetscCall(PrintRatio(fp, in, "N_TLS/N_DW", st->n_tls, r->tf[t].n_dw));
  if (!st->has_n0) {
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                           "%sn0: null\n%sn0_err: null\n%sn0_note: no glass done at this T_f\n", in,
                           in, in));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "%sn0: %.9g\n%sn0_err: %.9g\n%sn0_count: %" PetscInt_FMT "\n", in,
                         (double)st->n0, in, (double)st->n0_err, in, st->K));
  if (!st->K)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                           "%sn0_note: \"K = 0: no converged splitting in the window, so n0 = 0 "
                           "and its Poisson error sqrt(K) = 0 are not a measurement; the 95%% "
                           "upper limit is n0_upper95\"\n%sn0_upper95: %.9g\n",
                           in, in, (double)st->n0_upper95));
  if (st->has_SI)
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "%sn0_SI: %.9g\n%sn0_SI_err: %.9g\n", in,
                           (double)st->n0_SI, in, (double)st->n0_SI_err));
  else
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                           "%sn0_SI: null\n%sn0_SI_note: not a built-in unit set with this mt, or "
                           "no density: sigma and eps unknown\n",
                           in, in));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteYAML(FILE *fp, const Report *r)
{
  const DWLibraryData *lib = &r->lib;

  PetscFunctionBegin;
  PetscCall(PetscFPrintf(
      PETSC_COMM_SELF, fp,
      "library: %s\nmodel: %s\nN: %" PetscInt_FMT "\nN_g_planned: %" PetscInt_FMT
      "\nseed: %" PetscInt_FMT "\nrho: %.9g\nrho_source: %s\nn0_window: {E_lo: %.9g, E_hi: "
      "%.9g, units: kT_Q}\nunits: {T_f: eps/k_B, mt: 1, kT_Q: eps, T_Q: K, rho: sigma^-3, n0: "
      "eps^-1 per particle, n0_SI: J^-1 m^-3}\nT_f:\n",
      r->o->path, lib->model, lib->N, lib->N_g, lib->seed, (double)r->rho, r->rho_source,
      (double)r->o->E_lo, (double)r->o->E_hi));
  for (PetscInt t = 0; t < lib->n_Tf; t++) {
    const TfCount *c = &r->tf[t];
    const char *in   = "    ";
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                           "  - index: %" PetscInt_FMT "\n%sT_f: %.9g\n%sN_g: %" PetscInt_FMT
                           "\n%sN_g_failed: %" PetscInt_FMT "\n%sN_g_not_done: %" PetscInt_FMT
                           "\n%sN_IS: %" PetscInt_FMT "\n%sN_DW: %" PetscInt_FMT "\n",
                           t, in, (double)lib->T_f[t], in, c->done, in, c->failed, in, c->not_done,
                           in, c->n_is, in, c->n_dw));
    PetscCall(PrintRatio(fp, in, "N_IS/N_g", c->n_is, c->done));
    PetscCall(PrintRatio(fp, in, "N_DW/N_g", c->n_dw, c->done));
    PetscCall(PrintRatio(fp, in, "N_DW/N_IS", c->n_dw, c->n_is));
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "%sunit_sets:%s\n", in, lib->n_mt ? "" : " []"));
    for (PetscInt k = 0; k < lib->n_mt; k++) PetscCall(WriteSetYAML(fp, r, t, k));
  }
  PetscFunctionReturn(0);
}

/* A ratio for the tables: a/b or "-" when b = 0. */
static const char *RatioText(char buf[], size_t len, PetscInt a, PetscInt b)
{
  if (b)
    snprintf(buf, len, "%.4g", (double)a / b);
  else
    snprintf(buf, len, "-");
  return buf;
}

static PetscErrorCode PrintTables(const Report *r)
{
  const DWLibraryData *lib = &r->lib;
  char a[32], b[32], c[32], n0[64], si[64];

  PetscFunctionBegin;
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "#\n# %-14s %5s %6s %8s %8s %9s %9s %9s\n",
                        "T_f (eps/k_B)", "N_g", "failed", "N_IS", "N_DW", "N_IS/N_g", "N_DW/N_g",
                        "N_DW/N_IS"));
  for (PetscInt t = 0; t < lib->n_Tf; t++) {
    const TfCount *ct = &r->tf[t];
    PetscCall(PetscPrintf(PETSC_COMM_SELF,
                          "# %-14.6g %5" PetscInt_FMT " %6" PetscInt_FMT " %8" PetscInt_FMT
                          " %8" PetscInt_FMT " %9s %9s %9s\n",
                          (double)lib->T_f[t], ct->done, ct->failed, ct->n_is, ct->n_dw,
                          RatioText(a, sizeof(a), ct->n_is, ct->done),
                          RatioText(b, sizeof(b), ct->n_dw, ct->done),
                          RatioText(c, sizeof(c), ct->n_dw, ct->n_is)));
  }
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "#\n# %-14s %-14s %11s %8s %6s %10s %-28s %s\n",
                        "T_f (eps/k_B)", "unit set", "kT_Q (eps)", "T_Q (K)", "N_TLS", "N_TLS/N_DW",
                        "n0 (eps^-1 per particle)", "n0 (J^-1 m^-3)"));
  for (PetscInt t = 0; t < lib->n_Tf; t++)
    for (PetscInt k = 0; k < lib->n_mt; k++) {
      const SetStat *st = &r->st[t * lib->n_mt + k];
      if (st->has_n0 && !st->K)
        snprintf(n0, sizeof(n0), "0 (K = 0: < %.3g at 95%%)", (double)st->n0_upper95);
      else if (st->has_n0)
        snprintf(n0, sizeof(n0), "%.4g +- %.2g", (double)st->n0, (double)st->n0_err);
      else
        snprintf(n0, sizeof(n0), "- (no glass done)");
      if (st->has_SI)
        snprintf(si, sizeof(si), "%.4g +- %.2g", (double)st->n0_SI, (double)st->n0_SI_err);
      else
        snprintf(si, sizeof(si), "-");
      PetscCall(PetscPrintf(PETSC_COMM_SELF,
                            "# %-14.6g %-14s %11.4g %8.4g %6" PetscInt_FMT " %10s %-28s %s\n",
                            (double)lib->T_f[t], lib->quantum[k].name, (double)lib->quantum[k].kT_Q,
                            (double)lib->quantum[k].T_Q, st->n_tls,
                            RatioText(a, sizeof(a), st->n_tls, r->tf[t].n_dw), n0, si));
    }
  PetscFunctionReturn(0);
}

/* The YAML to DIR/report.yaml, through a temporary file renamed over it. */
static PetscErrorCode WriteReportFile(const Report *r)
{
  char path[PETSC_MAX_PATH_LEN + 16];
  DWOutFile out;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/report.yaml", r->o->dir));
  PetscCall(DWFileOpenTemp(path, &out));
  ierr = WriteYAML(out.fp, r);
  if (ierr) DWFileAbandon(&out);
  PetscCall(ierr);
  PetscCall(DWFileCommit(&out));
  PetscFunctionReturn(0);
}

/* Not collective: the whole report, on the calling rank. */
static PetscErrorCode RunReport(const ReportOptions *o)
{
  Report r;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(&r, sizeof(r)));
  r.o = o;
  PetscCheck(!access(o->path, F_OK), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN,
             "%s does not exist (run dwell collect %s)", o->path, o->dir);
  PetscCall(DWLibraryDataRead(o->path, &r.lib));
  ierr = Compute(&r);
  if (!ierr) ierr = WriteReportFile(&r);
  if (!ierr) ierr = WriteYAML(PETSC_STDOUT, &r);
  if (!ierr) ierr = PrintTables(&r);
  for (PetscInt t = 0; !ierr && t < r.lib.n_Tf; t++)
    if (r.tf[t].n_dw != r.tf[t].n_dw_samples)
      ierr = PetscFPrintf(PETSC_COMM_SELF, PETSC_STDERR,
                          "dwell: warning: T_f = %g: /dw has %" PetscInt_FMT
                          " rows but /samples/n_dw adds up to %" PetscInt_FMT "\n",
                          (double)r.lib.T_f[t], r.tf[t].n_dw, r.tf[t].n_dw_samples);
  PetscCall(PetscFree4(r.tf, r.st, r.unit, r.si));
  PetscCall(DWLibraryDataFree(&r.lib));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

PetscErrorCode DWCommandReport(MPI_Comm comm, PetscBool helponly)
{
  ReportOptions o = {.E_lo = 0, .E_hi = 1};
  PetscMPIInt rank;
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscCall(ReadOptions(comm, helponly, &o));
  if (helponly) PetscFunctionReturn(0);
  PetscCall(DWAppCheckUnusedOptions(comm));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (!rank) ierr = RunReport(&o);
  PetscCallMPI(MPI_Bcast(&ierr, 1, MPI_INT, 0, comm));
  if (!rank) PetscCall(ierr);
  PetscCheck(!ierr, comm, PETSC_ERR_FILE_READ, "%s: no report (see the error on rank 0)", o.path);
  PetscFunctionReturn(0);
}
