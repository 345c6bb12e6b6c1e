/* The text of a report (include/dwell/report.h): the YAML, written to DIR/report.yaml through
   a temporary file and printed on stdout, and the same numbers as fixed-width tables in YAML
   comments ("#" lines), so that stdout stays valid YAML. Reals in the YAML carry 9
   significant digits (%.9g); ratios with a zero denominator are null in the YAML and "-" in
   the tables. */
#include "report/reportimpl.h"
#include <dwell/atomicfile.h>
#include <dwell/neb.h>
#include <math.h>

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

static PetscErrorCode WriteSetYAML(FILE *fp, DWReport r, PetscInt t, PetscInt k)
{
  const DWCampaignLibraryQuantum *q = &r->lib.quantum[k];
  const DWReportSet *st             = &r->st[t * r->lib.n_mt + k];
  const char *in                    = "        ";

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

/* The elastic moduli of T_f index t ([JCP23] IV.C, Fig. 10b), when the library has /elastic. */
static PetscErrorCode WriteElasticYAML(FILE *fp, const DWReport r, PetscInt t, const char in[])
{
  static const char *const units[DW_LIBRARY_NELASTIC] = {"eps/sigma^3", "eps/sigma^3", "1/tau",
                                                         "tau^5", "1"};
  const DWReportTf *c                                 = &r->tf[t];

  PetscFunctionBegin;
  if (!r->lib.n_elastic) PetscFunctionReturn(0);
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "%selastic:   # /elastic: mean and standard error over the glasses' IS "
                         "(null: fewer than 2 values)\n",
                         in));
  for (int k = 0; k < DW_LIBRARY_NELASTIC; k++) {
    char mean[32], err[32];
    snprintf(mean, sizeof(mean), "%.9g", (double)c->elastic_mean[k]);
    snprintf(err, sizeof(err), "%.9g", (double)c->elastic_err[k]);
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                           "%s  %s: {mean: %s, err: %s, n: %" PetscInt_FMT ", units: %s}\n", in,
                           DWLibraryElasticColumns[k], c->n_elastic[k] ? mean : "null",
                           c->n_elastic[k] > 1 ? err : "null", c->n_elastic[k], units[k]));
  }
  PetscFunctionReturn(0);
}

/* T_c of T_f index t ([PRR20] Table I), when the library has /pull. */
static PetscErrorCode WritePullYAML(FILE *fp, const DWReport r, PetscInt t, const char in[])
{
  const DWReportTf *c = &r->tf[t];
  char mean[32], err[32];

  PetscFunctionBegin;
  if (!r->lib.n_pull) PetscFunctionReturn(0);
  snprintf(mean, sizeof(mean), "%.9g", (double)c->Tc_mean);
  snprintf(err, sizeof(err), "%.9g", (double)c->Tc_err);
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "%sT_c: {mean: %s, err: %s, n: %" PetscInt_FMT
                         ", units: eps/k_B}   # /pull: 2 min_k dPhi_barrier per glass (PRR20 "
                         "Table I); mean and standard error over the glasses with a transition\n",
                         in, c->n_Tc ? mean : "null", c->n_Tc > 1 ? err : "null", c->n_Tc));
  PetscFunctionReturn(0);
}

/* The plan of T_f index t ([JCP23] Table I: N_g, tau_cg, N_cg, tau_total), when the library
   has it. */
static PetscErrorCode WritePlanYAML(FILE *fp, const DWCampaignLibraryData *lib, PetscInt t,
                                    const char in[])
{
  PetscFunctionBegin;
  if (!lib->plan_N_g) PetscFunctionReturn(0);
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "%sN_g_planned: %" PetscInt_FMT "\n%sruns: %" PetscInt_FMT
                         "\n%stau_cg: %.9g\n%sN_cg: %.0f\n%stau_total: %.9g\n",
                         in, lib->plan_N_g[t], in, lib->plan_runs[t], in,
                         (double)lib->plan_tau_cg[t], in,
                         (double)round(lib->plan_tau_total[t] / lib->plan_tau_cg[t]), in,
                         (double)lib->plan_tau_total[t]));
  PetscFunctionReturn(0);
}

/* What became of each stage's tasks (/campaign/tasks), and whether the campaign is complete:
   every task of every stage done, none failed or blocked. */
static PetscErrorCode WriteTasksYAML(FILE *fp, const DWCampaignLibraryData *lib)
{
  PetscBool complete = PETSC_TRUE;

  PetscFunctionBegin;
  if (!lib->has_tasks) PetscFunctionReturn(0);
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "tasks:   # per stage: done, failed (given up), blocked (never run: "
                         "their glass failed), known\n"));
  for (PetscInt k = 0; k < lib->n_stages; k++) {
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                           "  %s: {done: %" PetscInt_FMT ", failed: %" PetscInt_FMT
                           ", blocked: %" PetscInt_FMT ", known: %" PetscInt_FMT "}\n",
                           lib->stage_names[k], lib->tasks_done[k], lib->tasks_failed[k],
                           lib->tasks_blocked[k], lib->tasks_known[k]));
    if (lib->tasks_done[k] != lib->tasks_known[k]) complete = PETSC_FALSE;
  }
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "complete: %s\n", complete ? "true" : "false"));
  PetscFunctionReturn(0);
}

/* N_NEB_failed and its reasons (DWNEBReasonName) of one T_f. */
static PetscErrorCode WriteNEBFailuresYAML(FILE *fp, const DWReportTf *c, const char in[])
{
  PetscInt total  = 0;
  const char *sep = "";

  PetscFunctionBegin;
  if (c->neb_failed[0] < 0) {
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                           "%sN_NEB_failed: null   # library without /candidates/neb_reason\n",
                           in));
    PetscFunctionReturn(0);
  }
  for (PetscInt k = 0; k < DW_REPORT_NEB_REASONS; k++) total += c->neb_failed[k];
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                         "%sN_NEB_failed: %" PetscInt_FMT "\n%sNEB_failed_by_reason: {", in, total,
                         in));
  for (PetscInt k = 0; k < DW_REPORT_NEB_REASONS; k++) {
    if (!c->neb_failed[k]) continue;
    const char *name = k < DW_REPORT_NEB_REASONS - 1 ? DWNEBReasonName((DWNEBReason)(-k - 1))
                                                     : "error inside the task";
    PetscCall(
        PetscFPrintf(PETSC_COMM_SELF, fp, "%s\"%s\": %" PetscInt_FMT, sep, name, c->neb_failed[k]));
    sep = ", ";
  }
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "}\n"));
  PetscFunctionReturn(0);
}

PetscErrorCode DWReportWriteYAML(FILE *fp, DWReport r)
{
  const DWCampaignLibraryData *lib = &r->lib;
  char planned[32];

  PetscFunctionBegin;
  if (lib->N_g > 0)
    PetscCall(PetscSNPrintf(planned, sizeof(planned), "%" PetscInt_FMT, lib->N_g));
  else
    PetscCall(PetscStrncpy(planned, "null   # per T_f", sizeof(planned)));
  PetscCall(PetscFPrintf(
      PETSC_COMM_SELF, fp,
      "library: %s\nmodel: %s\nN: %" PetscInt_FMT "\nN_g_planned: %s"
      "\nseed: %" PetscInt_FMT "\nrho: %.9g\nrho_source: %s\nn0_window: {E_lo: %.9g, E_hi: "
      "%.9g, units: kT_Q}\nunits: {T_f: eps/k_B, tau_cg: tau, tau_total: tau, mt: 1, kT_Q: eps, "
      "T_Q: K, rho: sigma^-3, n0: eps^-1 per particle, n0_SI: J^-1 m^-3}\n",
      r->path, lib->model, lib->N, planned, lib->seed, (double)r->rho, r->rho_source,
      (double)r->E_lo, (double)r->E_hi));
  PetscCall(WriteTasksYAML(fp, lib));
  PetscCall(DWReportScreenWriteYAML(fp, r));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "T_f:\n"));
  for (PetscInt t = 0; t < lib->n_Tf; t++) {
    const DWReportTf *c = &r->tf[t];
    const char *in      = "    ";
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp,
                           "  - index: %" PetscInt_FMT "\n%sT_f: %.9g\n%sN_g: %" PetscInt_FMT
                           "\n%sN_g_failed: %" PetscInt_FMT "\n%sN_g_not_done: %" PetscInt_FMT
                           "\n%sN_IS: %" PetscInt_FMT "\n%sN_DW: %" PetscInt_FMT "\n",
                           t, in, (double)lib->T_f[t], in, c->done, in, c->failed, in, c->not_done,
                           in, c->n_is, in, c->n_dw));
    PetscCall(WritePlanYAML(fp, lib, t, in));
    PetscCall(WriteNEBFailuresYAML(fp, c, in));
    PetscCall(PrintRatio(fp, in, "N_IS/N_g", c->n_is, c->done));
    PetscCall(PrintRatio(fp, in, "N_DW/N_g", c->n_dw, c->done));
    PetscCall(PrintRatio(fp, in, "N_DW/N_IS", c->n_dw, c->n_is));
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "%sunit_sets:%s\n", in, lib->n_mt ? "" : " []"));
    for (PetscInt k = 0; k < lib->n_mt; k++) PetscCall(WriteSetYAML(fp, r, t, k));
    PetscCall(WriteElasticYAML(fp, r, t, in));
    PetscCall(WritePullYAML(fp, r, t, in));
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

/* Table I, its upper part: the plan of each T_f. */
static PetscErrorCode PrintPlanTable(DWReport r)
{
  const DWCampaignLibraryData *lib = &r->lib;

  PetscFunctionBegin;
  if (!lib->plan_N_g) PetscFunctionReturn(0);
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "#\n# %-14s %9s %6s %13s %10s %16s\n", "T_f (eps/k_B)",
                        "N_g plan", "runs", "tau_cg (tau)", "N_cg", "tau_total (tau)"));
  for (PetscInt t = 0; t < lib->n_Tf; t++)
    PetscCall(PetscPrintf(
        PETSC_COMM_SELF, "# %-14.6g %9" PetscInt_FMT " %6" PetscInt_FMT " %13.6g %10.0f %16.6g\n",
        (double)lib->T_f[t], lib->plan_N_g[t], lib->plan_runs[t], (double)lib->plan_tau_cg[t],
        (double)round(lib->plan_tau_total[t] / lib->plan_tau_cg[t]),
        (double)lib->plan_tau_total[t]));
  PetscFunctionReturn(0);
}

/* Table I: glasses, IS and double wells per T_f. */
static PetscErrorCode PrintCountTable(DWReport r)
{
  const DWCampaignLibraryData *lib = &r->lib;
  char a[32], b[32], c[32];

  PetscFunctionBegin;
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "#\n# %-14s %5s %6s %8s %8s %9s %9s %9s\n",
                        "T_f (eps/k_B)", "N_g", "failed", "N_IS", "N_DW", "N_IS/N_g", "N_DW/N_g",
                        "N_DW/N_IS"));
  for (PetscInt t = 0; t < lib->n_Tf; t++) {
    const DWReportTf *ct = &r->tf[t];
    PetscCall(PetscPrintf(PETSC_COMM_SELF,
                          "# %-14.6g %5" PetscInt_FMT " %6" PetscInt_FMT " %8" PetscInt_FMT
                          " %8" PetscInt_FMT " %9s %9s %9s\n",
                          (double)lib->T_f[t], ct->done, ct->failed, ct->n_is, ct->n_dw,
                          RatioText(a, sizeof(a), ct->n_is, ct->done),
                          RatioText(b, sizeof(b), ct->n_dw, ct->done),
                          RatioText(c, sizeof(c), ct->n_dw, ct->n_is)));
  }
  PetscFunctionReturn(0);
}

/* TLS and n0 per T_f and unit set. */
static PetscErrorCode PrintTLSTable(DWReport r)
{
  const DWCampaignLibraryData *lib = &r->lib;
  char a[32], n0[64], si[64];

  PetscFunctionBegin;
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "#\n# %-14s %-14s %11s %8s %6s %10s %-28s %s\n",
                        "T_f (eps/k_B)", "unit set", "kT_Q (eps)", "T_Q (K)", "N_TLS", "N_TLS/N_DW",
                        "n0 (eps^-1 per particle)", "n0 (J^-1 m^-3)"));
  for (PetscInt t = 0; t < lib->n_Tf; t++)
    for (PetscInt k = 0; k < lib->n_mt; k++) {
      const DWReportSet *st = &r->st[t * lib->n_mt + k];
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

/* A mean +- its standard error, or "-" without values. */
static const char *MeanText(char buf[], size_t len, PetscInt n, PetscReal mean, PetscReal err)
{
  if (!n)
    snprintf(buf, len, "-");
  else if (n == 1)
    snprintf(buf, len, "%.4g", (double)mean);
  else
    snprintf(buf, len, "%.4g +- %.2g", (double)mean, (double)err);
  return buf;
}

/* The vibrational side per T_f, next to n0 ([JCP23] IV.C, Fig. 10b; [PRR20] Table I): the
   means over the glasses of /elastic and of T_c from /pull, when the library has them. */
static PetscErrorCode PrintVibrationTable(DWReport r)
{
  const DWCampaignLibraryData *lib = &r->lib;
  char v[DW_LIBRARY_NELASTIC + 1][48];

  PetscFunctionBegin;
  if (!lib->n_elastic && !lib->n_pull) PetscFunctionReturn(0);
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "#\n# %-14s %-19s %-19s %-19s %-19s %-19s %s\n",
                        "T_f (eps/k_B)", "G (eps/sigma^3)", "K (eps/sigma^3)", "omega_D (1/tau)",
                        "A_4 (tau^5)", "A_4 omega_D^5", "T_c (eps/k_B)"));
  for (PetscInt t = 0; t < lib->n_Tf; t++) {
    const DWReportTf *c = &r->tf[t];
    for (int k = 0; k < DW_LIBRARY_NELASTIC; k++)
      MeanText(v[k], sizeof(v[k]), lib->n_elastic ? c->n_elastic[k] : 0, c->elastic_mean[k],
               c->elastic_err[k]);
    MeanText(v[DW_LIBRARY_NELASTIC], sizeof(v[0]), c->n_Tc, c->Tc_mean, c->Tc_err);
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "# %-14.6g %-19s %-19s %-19s %-19s %-19s %s\n",
                          (double)lib->T_f[t], v[0], v[1], v[2], v[3], v[4], v[5]));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWReportPrintTables(DWReport r)
{
  PetscFunctionBegin;
  PetscCall(PrintPlanTable(r));
  PetscCall(PrintCountTable(r));
  PetscCall(PrintTLSTable(r));
  PetscCall(PrintVibrationTable(r));
  PetscCall(DWReportScreenPrintTable(r));
  PetscFunctionReturn(0);
}

PetscErrorCode DWReportWriteFile(DWReport r)
{
  char path[PETSC_MAX_PATH_LEN + 16];
  DWOutFile out;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/report.yaml", r->dir));
  PetscCall(DWFileOpenTemp(path, &out));
  ierr = DWReportWriteYAML(out.fp, r);
  if (ierr) DWFileAbandon(&out);
  PetscCall(ierr);
  PetscCall(DWFileCommit(&out));
  PetscFunctionReturn(0);
}
