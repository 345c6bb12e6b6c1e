/* Private layout of DWReport (include/dwell/report.h): report.c computes it, reportwrite.c
   writes it. */
#pragma once
#include <dwell/report.h>
#include <dwell/library.h>
#include <dwell/units.h>

/* Why a NEB failed, as counted per T_f: the DWNEBReason -1 .. -8 (include/dwell/neb.h) at
   index -reason - 1, an error inside the task (DW_NEB_FAILED_ERROR) at the last index. */
#define DW_REPORT_NEB_REASONS 9

/* The glasses and structures of one T_f; neb_failed: candidates whose NEB failed, by reason
   (-1 when the library does not say, written before /candidates/neb_reason). */
typedef struct {
  PetscInt done, failed, not_done, n_is, n_dw, n_dw_samples;
  PetscInt neb_failed[DW_REPORT_NEB_REASONS];
  /* /elastic: per column of DWLibraryElasticColumns, the finite values of the glasses of this
     T_f, their mean and its standard error (NaN for fewer than 2) */
  PetscInt n_elastic[DW_LIBRARY_NELASTIC];
  PetscReal elastic_mean[DW_LIBRARY_NELASTIC], elastic_err[DW_LIBRARY_NELASTIC];
  /* /pull: T_c = 2 min_k dPhi_barrier of each glass with a transition ([PRR20] Table I,
     eps/k_B), their number, mean and its standard error (NaN for fewer than 2) */
  PetscInt n_Tc;
  PetscReal Tc_mean, Tc_err;
} DWReportTf;

/* One T_f and one unit set. */
typedef struct {
  PetscInt n_conv, n_tls, K;
  PetscBool has_n0, has_SI;
  PetscReal n0, n0_err, n0_upper95, n0_SI, n0_SI_err;
} DWReportSet;

/* The fast protocol's pre-screen (issue 16; /screen, src/report/screenstats.c): pool pairs
   and those run, by why they ran, the TLS (E < k_B T_Q in some unit set) among them, and the
   model's recall and precision over the pairs it judged (NaN: not measured). */
typedef struct {
  PetscInt pool, run, judged, rejected;       /* rows; judged: with a model */
  PetscInt warmup, model, random_only, added; /* rows run: warm-up, model pick, random only;
                                                 added pairs (not paper candidates) run */
  PetscInt tls_warmup, tls_model, tls_random_only, tls_added;
  PetscReal recall, precision;
} DWReportScreen;

struct _p_DWReport {
  MPI_Comm comm;
  char dir[PETSC_MAX_PATH_LEN], path[PETSC_MAX_PATH_LEN + 16];
  PetscReal E_lo, E_hi; /* the n0 window, in units of k_B T_Q */
  PetscBool computed;
  /* on rank 0, after DWReportCompute() */
  DWCampaignLibraryData lib;
  PetscReal rho;
  const char *rho_source;
  DWReportTf *tf;  /* n_Tf */
  DWReportSet *st; /* n_Tf x n_mt */
  DWUnits *unit;   /* n_mt */
  PetscBool *si;   /* n_mt: the set is built in and its mt is the library's */
  DWReportScreen screen;
};

/* Rank 0, not collective: the statistics of /screen (screenstats.c; nothing under the paper
   protocol), into r->screen, and their YAML and printed table. */
PetscErrorCode DWReportScreenCompute(DWReport r);
PetscErrorCode DWReportScreenWriteYAML(FILE *fp, DWReport r);
PetscErrorCode DWReportScreenPrintTable(DWReport r);

/* The YAML of the report to fp. */
PetscErrorCode DWReportWriteYAML(FILE *fp, DWReport r);
/* The YAML to DIR/report.yaml, through a temporary file renamed over it. */
PetscErrorCode DWReportWriteFile(DWReport r);
/* The numbers as fixed-width tables in YAML comments, on stdout. */
PetscErrorCode DWReportPrintTables(DWReport r);
