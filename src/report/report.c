/* DWReport: the object and the numbers of the report ([JCP23] Table I, [PRL20] Fig. 2; see
   include/dwell/report.h): glasses, inherent structures and double wells per T_f from
   /samples and /dw, and per unit set the TLS below k_B T_Q and the plateau n0 of n(E)/E with
   its Poisson error (<dwell/stats.h>), in SI units where the unit set is built in. Rank 0 does
   the work; its errors become every rank's. */
#include "report/reportimpl.h"
#include <dwell/potential.h>
#include <dwell/stats.h>
#include <ctype.h>
#include <unistd.h>

PetscErrorCode DWReportCreate(MPI_Comm comm, DWReport *r)
{
  PetscFunctionBegin;
  PetscCall(PetscNew(r));
  (*r)->comm = comm;
  (*r)->E_lo = 0;
  (*r)->E_hi = 1;
  PetscFunctionReturn(0);
}

PetscErrorCode DWReportDestroy(DWReport *r)
{
  PetscFunctionBegin;
  if (!*r) PetscFunctionReturn(0);
  PetscCall(PetscFree4((*r)->tf, (*r)->st, (*r)->unit, (*r)->si));
  PetscCall(DWCampaignLibraryDataFree(&(*r)->lib));
  PetscCall(PetscFree(*r));
  PetscFunctionReturn(0);
}

PetscErrorCode DWReportSetDirectory(DWReport r, const char dir[])
{
  size_t len;

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(r->dir, dir, sizeof(r->dir)));
  PetscCall(PetscStrlen(r->dir, &len));
  while (len > 1 && r->dir[len - 1] == '/') r->dir[--len] = 0;
  PetscCall(PetscSNPrintf(r->path, sizeof(r->path), "%s/library.h5", r->dir));
  PetscFunctionReturn(0);
}

PetscErrorCode DWReportSetWindow(DWReport r, PetscReal E_lo, PetscReal E_hi)
{
  PetscFunctionBegin;
  PetscCheck(E_lo >= 0 && E_hi > E_lo, r->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-report_E_lo %g -report_E_hi %g: need 0 <= E_lo < E_hi (units of k_B T_Q)",
             (double)E_lo, (double)E_hi);
  r->E_lo = E_lo;
  r->E_hi = E_hi;
  PetscFunctionReturn(0);
}

PetscErrorCode DWReportGetWindow(DWReport r, PetscReal *E_lo, PetscReal *E_hi)
{
  PetscFunctionBegin;
  *E_lo = r->E_lo;
  *E_hi = r->E_hi;
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
static PetscErrorCode Density(DWReport r)
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
  PetscCall(DWPotentialListTypes(", ", known, sizeof(known)));
  if (!InList(known, r->lib.model)) PetscFunctionReturn(0);
  PetscCall(DWPotentialCreate(PETSC_COMM_SELF, &pot));
  PetscCall(DWPotentialSetType(pot, r->lib.model));
  PetscCall(DWPotentialGetDensity(pot, &r->rho));
  PetscCall(DWPotentialDestroy(&pot));
  r->rho_source = "model default";
  PetscFunctionReturn(0);
}

/* A unit set converts to SI when it is built in (sigma and eps known) with the library's mt. */
static PetscErrorCode UnitSets(DWReport r)
{
  char known[256];

  PetscFunctionBegin;
  PetscCall(DWUnitsListNames(known, sizeof(known)));
  for (PetscInt k = 0; k < r->lib.n_mt; k++) {
    const DWCampaignLibraryQuantum *q = &r->lib.quantum[k];
    r->si[k]                          = PETSC_FALSE;
    if (!InList(known, q->name) || !(r->rho > 0)) continue;
    PetscCall(DWUnitsGetByName(PETSC_COMM_SELF, q->name, &r->unit[k]));
    r->si[k] = (PetscBool)(PetscAbsReal(r->unit[k].mt - q->mt) <= 1e-9 * q->mt);
  }
  PetscFunctionReturn(0);
}

/* The candidates whose NEB failed, per T_f (tf_of: the T_f index of samples 0 .. smax) and
   reason, from /candidates/neb_reason; -1 everywhere when the library lacks it. */
static PetscErrorCode CountNEBFailures(DWReport r, PetscInt smax, const PetscInt tf_of[])
{
  const DWCampaignLibraryData *lib = &r->lib;

  PetscFunctionBegin;
  for (PetscInt t = 0; t < lib->n_Tf; t++)
    for (PetscInt k = 0; k < DW_REPORT_NEB_REASONS; k++)
      r->tf[t].neb_failed[k] = lib->cand_neb_reason ? 0 : -1;
  for (PetscInt i = 0; i < lib->n_cand; i++) {
    const PetscInt s = lib->cand_sample[i], why = lib->cand_neb_reason[i];
    const PetscInt k = why == DW_NEB_FAILED_ERROR ? DW_REPORT_NEB_REASONS - 1 : -why - 1;
    if (!why) continue;
    PetscCheck(s >= 0 && s <= smax && tf_of[s] >= 0 && k >= 0 && k < DW_REPORT_NEB_REASONS,
               PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
               "%s: /candidates row %" PetscInt_FMT " (sample %" PetscInt_FMT
               ", neb_reason %" PetscInt_FMT ") names no sample of /samples or no reason",
               r->path, i, s, why);
    r->tf[tf_of[s]].neb_failed[k]++;
  }
  PetscFunctionReturn(0);
}

/* Every sample of a per-sample table (name: /elastic, /pull) is one of /samples. */
static PetscErrorCode CheckSamples(DWReport r, const char name[], PetscInt n,
                                   const PetscInt sample[], PetscInt smax, const PetscInt tf_of[])
{
  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++)
    PetscCheck(sample[i] >= 0 && sample[i] <= smax && tf_of[sample[i]] >= 0, PETSC_COMM_SELF,
               PETSC_ERR_FILE_UNEXPECTED,
               "%s: %s row %" PetscInt_FMT " has sample %" PetscInt_FMT ", which /samples lacks",
               r->path, name, i, sample[i]);
  PetscFunctionReturn(0);
}

/* The mean and standard error over the finite v[i] of the rows i whose sample is of T_f
   index t: *n values, NaN mean without any, NaN error for fewer than 2. */
static void MeanErr(PetscInt rows, const PetscReal v[], const PetscInt sample[],
                    const PetscInt tf_of[], PetscInt t, PetscInt *n, PetscReal *mean,
                    PetscReal *err)
{
  PetscReal sum = 0, sum2 = 0;

  *n = 0;
  for (PetscInt i = 0; i < rows; i++) {
    if (tf_of[sample[i]] != t || !PetscIsNormalReal(v[i])) continue;
    (*n)++, sum += v[i], sum2 += v[i] * v[i];
  }
  *mean = *n ? sum / *n : NAN;
  *err  = *n > 1 ? PetscSqrtReal(PetscMax(sum2 - sum * sum / *n, 0) / (*n - 1) / *n) : NAN;
}

/* The mean and standard error of each /elastic column per T_f (tf_of: the T_f index of
   samples 0 .. smax), over the finite values. */
static PetscErrorCode ElasticStats(DWReport r, PetscInt smax, const PetscInt tf_of[])
{
  const DWCampaignLibraryData *lib = &r->lib;

  PetscFunctionBegin;
  PetscCall(CheckSamples(r, "/elastic", lib->n_elastic, lib->elastic_sample, smax, tf_of));
  for (PetscInt t = 0; t < lib->n_Tf; t++)
    for (int k = 0; k < DW_LIBRARY_NELASTIC; k++)
      MeanErr(lib->n_elastic, lib->elastic[k], lib->elastic_sample, tf_of, t,
              &r->tf[t].n_elastic[k], &r->tf[t].elastic_mean[k], &r->tf[t].elastic_err[k]);
  PetscFunctionReturn(0);
}

/* T_c = 2 min_k dPhi_barrier over the modes of each sample that transitioned ([PRR20] sec.
   III.A, Table I), then its mean and standard error per T_f over the samples that have one. */
static PetscErrorCode PullStats(DWReport r, PetscInt smax, const PetscInt tf_of[])
{
  const DWCampaignLibraryData *lib = &r->lib;
  PetscReal *Tc;
  PetscInt *sample;

  PetscFunctionBegin;
  PetscCall(CheckSamples(r, "/pull", lib->n_pull, lib->pull_sample, smax, tf_of));
  PetscCall(PetscMalloc2(smax + 1, &Tc, smax + 1, &sample));
  for (PetscInt s = 0; s <= smax; s++) Tc[s] = NAN, sample[s] = s;
  for (PetscInt i = 0; i < lib->n_pull; i++) {
    const PetscInt s = lib->pull_sample[i];
    if (lib->pull_reason[i] != 1 || !PetscIsNormalReal(lib->pull_barrier[i])) continue;
    if (PetscIsNanReal(Tc[s]) || 2 * lib->pull_barrier[i] < Tc[s]) Tc[s] = 2 * lib->pull_barrier[i];
  }
  for (PetscInt t = 0; t < lib->n_Tf; t++)
    MeanErr(smax + 1, Tc, sample, tf_of, t, &r->tf[t].n_Tc, &r->tf[t].Tc_mean, &r->tf[t].Tc_err);
  PetscCall(PetscFree2(Tc, sample));
  PetscFunctionReturn(0);
}

/* Glasses and IS per T_f from /samples; the T_f index of every /dw row from its sample. */
static PetscErrorCode CountTf(DWReport r, PetscInt dw_tf[])
{
  const DWCampaignLibraryData *lib = &r->lib;
  PetscInt smax                    = -1, *tf_of;

  PetscFunctionBegin;
  for (PetscInt s = 0; s < lib->n_samples; s++) {
    DWReportTf *c = &r->tf[lib->sample_Tf[s]];
    smax          = PetscMax(smax, lib->sample[s]);
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
               r->path, i, s);
    r->tf[dw_tf[i]].n_dw++;
  }
  PetscCall(CountNEBFailures(r, smax, tf_of));
  PetscCall(ElasticStats(r, smax, tf_of));
  PetscCall(PullStats(r, smax, tf_of));
  PetscCall(PetscFree(tf_of));
  PetscFunctionReturn(0);
}

/* N_TLS and n0 of T_f index t and unit set k; E is work space of n_dw entries. */
static PetscErrorCode SetCompute(DWReport r, const PetscInt dw_tf[], PetscInt t, PetscInt k,
                                 PetscReal E[])
{
  const DWCampaignLibraryData *lib  = &r->lib;
  const DWCampaignLibraryQuantum *q = &lib->quantum[k];
  const PetscInt done               = r->tf[t].done;
  DWReportSet *st                   = &r->st[t * lib->n_mt + k];
  PetscReal fraction;

  PetscFunctionBegin;
  st->n_conv = 0;
  for (PetscInt i = 0; i < lib->n_dw; i++)
    if (dw_tf[i] == t && q->converged[i] == 1) E[st->n_conv++] = q->E[i];
  PetscCall(DWStatsTLS(st->n_conv, E, q->kT_Q, &st->n_tls, &fraction));
  st->has_n0 = (PetscBool)(done > 0);
  if (!st->has_n0) PetscFunctionReturn(0);
  PetscCall(DWStatsPlateau(st->n_conv, E, lib->N, done, r->E_lo * q->kT_Q, r->E_hi * q->kT_Q,
                           &st->n0, &st->n0_err, &st->K));
  /* K = 0: the Poisson 95% upper limit, -ln(0.05) events over the same exposure */
  st->n0_upper95 = -PetscLogReal(0.05) / ((PetscReal)lib->N * done * (r->E_hi - r->E_lo) * q->kT_Q);
  st->has_SI     = r->si[k];
  if (!st->has_SI) PetscFunctionReturn(0);
  PetscCall(DWUnitsDensityToSI(&r->unit[k], r->rho, st->n0, &st->n0_SI));
  PetscCall(DWUnitsDensityToSI(&r->unit[k], r->rho, st->n0_err, &st->n0_SI_err));
  PetscFunctionReturn(0);
}

static PetscErrorCode ComputeOnRankZero(DWReport r)
{
  const DWCampaignLibraryData *lib = &r->lib;
  PetscInt *dw_tf;
  PetscReal *E;

  PetscFunctionBegin;
  PetscCall(PetscFree4(r->tf, r->st, r->unit, r->si));
  PetscCall(DWCampaignLibraryDataFree(&r->lib));
  PetscCheck(!access(r->path, F_OK), PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN,
             "%s does not exist (run dwell collect %s)", r->path, r->dir);
  PetscCall(DWCampaignLibraryDataRead(r->path, &r->lib));
  PetscCall(Density(r));
  PetscCall(PetscCalloc4(lib->n_Tf, &r->tf, lib->n_Tf * lib->n_mt, &r->st, lib->n_mt, &r->unit,
                         lib->n_mt, &r->si));
  PetscCall(UnitSets(r));
  PetscCall(PetscMalloc2(lib->n_dw, &dw_tf, lib->n_dw, &E));
  PetscCall(CountTf(r, dw_tf));
  for (PetscInt t = 0; t < lib->n_Tf; t++)
    for (PetscInt k = 0; k < lib->n_mt; k++) PetscCall(SetCompute(r, dw_tf, t, k, E));
  PetscCall(PetscFree2(dw_tf, E));
  PetscCall(DWReportScreenCompute(r));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteOnRankZero(DWReport r)
{
  PetscFunctionBegin;
  PetscCall(DWReportWriteFile(r));
  PetscCall(DWReportWriteYAML(PETSC_STDOUT, r));
  PetscCall(DWReportPrintTables(r));
  for (PetscInt t = 0; t < r->lib.n_Tf; t++)
    if (r->tf[t].n_dw != r->tf[t].n_dw_samples)
      PetscCall(PetscFPrintf(PETSC_COMM_SELF, PETSC_STDERR,
                             "dwell: warning: T_f = %g: /dw has %" PetscInt_FMT
                             " rows but /samples/n_dw adds up to %" PetscInt_FMT "\n",
                             (double)r->lib.T_f[t], r->tf[t].n_dw, r->tf[t].n_dw_samples));
  PetscFunctionReturn(0);
}

/* Runs body on rank 0 and makes its failure every rank's. */
static PetscErrorCode OnRankZero(DWReport r, PetscErrorCode (*body)(DWReport))
{
  PetscMPIInt rank;
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(r->comm, &rank));
  if (!rank) ierr = body(r);
  PetscCallMPI(MPI_Bcast(&ierr, 1, MPI_INT, 0, r->comm));
  if (!rank) PetscCall(ierr);
  PetscCheck(!ierr, r->comm, PETSC_ERR_FILE_READ, "%s: no report (see the error on rank 0)",
             r->path);
  PetscFunctionReturn(0);
}

PetscErrorCode DWReportCompute(DWReport r)
{
  PetscFunctionBegin;
  PetscCall(OnRankZero(r, ComputeOnRankZero));
  r->computed = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWReportWrite(DWReport r)
{
  PetscFunctionBegin;
  PetscCheck(r->computed, r->comm, PETSC_ERR_ORDER,
             "call DWReportCompute() before DWReportWrite()");
  PetscCall(OnRankZero(r, WriteOnRankZero));
  PetscFunctionReturn(0);
}
