/* The double-well library of a campaign, DIR/library.h5 (DESIGN.md section 6; issue 7).

   Written by `dwell run` at the end of a campaign and by `dwell collect DIR`, always rebuilt
   from the shards, by all ranks together with parallel HDF5 (MPI-IO file access, collective
   metadata, collective writes of each rank's rows), to DIR/library.h5.tmp and renamed, so a
   killed collect never leaves a half-written library. Tables are one dataset per column,
   rows in canonical order (sample, then label or candidate, then piece), so the content does
   not depend on the number of ranks or on restarts. Every dataset has attributes `units`
   ("1" when dimensionless) and `description`. Reduced units: eps, sigma, tau = sqrt(m sigma^2
   / eps), temperatures eps/k_B.

   /                 attributes: dwell_version, description, campaign (name), model, N, seed,
                     N_g (glasses per T_f), runs (per glass), tau_cg, tau_total, T_exp,
                     options (every option of the campaign, one "-key value" per line);
                     N_g, runs, tau_cg and tau_total only when the plan has one value for
                     every T_f
   /campaign         T_f (n_Tf), mt (n_mt), kT_Q (n_mt, eps), T_Q (n_mt, K);
                     the plan per T_f ([JCP23] Table I): N_g, runs (n_Tf), tau_cg, tau_total
                     (n_Tf, tau; whole numbers of exploration MD steps);
                     attribute mt_sets: the unit-set names, comma separated, in the order of
                     the /dw/quantum groups;
                     tasks/known, done, failed, blocked (a value per stage, attribute
                     stages: glass, explore, merge, neb, and modes when the campaign runs
                     it): the tasks of each stage, those with a result,
                     those with failure records and no result (given up once the campaign is
                     finished) and those never run because their glass failed
   /samples          one row per glass sample s (the glasses of T_f index i follow those of
                     i - 1: s = i_Tf N_g + k when N_g is the same at every T_f):
                     sample, T_f_index, replica (k), status (1 done, 2 failed, 0 not done),
                     T_f, tau_alpha (tau), U_equilibrated, U_glass (eps per particle),
                     T_glass, n_runs (explore runs done), n_is, n_candidates, n_dw;
                     positions (n x N x 3, sigma), species (n x N), diameter (n x N, sigma;
                     polydisperse models only), box (sigma: the cubic box edge; NaN without a
                     glass)
   /is               one row per inherent structure of a merged glass: sample, label (0, 1, ...
                     by increasing energy within the sample), energy (eps per particle),
                     runs_found, visits, first_time (tau)
   /transitions      sample, from, to, count (T[a->b] > 0)
   /candidates       sample, candidate (index within the sample), a, b, T_ab, T_ba,
                     dE (eps), dmax (sigma), distance (sigma), status (1 done, 2 failed, 0 not
                     done), n_dw, neb_reason (why the NEB failed: the DWNEBReason of
                     include/dwell/neb.h, -1 iteration cap, -2 NaN, -3 an end point or an
                     intermediate minimum not a minimum, -4 too many intermediate minima,
                     -5 ends the same IS; DW_NEB_FAILED_ERROR an error inside the task; 0 not
                     failed)
   /dw               one row per double well: sample, T_f, candidate, piece (0.. within the
                     candidate's path, > 0 after a split), is_a, is_b (library labels of the
                     sample; -1: an intermediate minimum that is not in the library), E_a, E_b,
                     dV, V_a, V_b (eps), d, r_AB, d_sqrtPR (sigma), PR, PR_c, omega_1, omega_2,
                     omega_TS, omega_TS_hessian (1/tau), xi_TS, climbed, converged,
                     saddle_first_order, saddle_lambda_1, saddle_lambda_2 (eps/sigma^2);
                     path_hessian_k, path_lambda_perp_min, path_lambda_perp_image,
                     path_lambda_perp_max (eps/sigma^2: the lowest Hessian eigenvalues
                     orthogonal to the path tangent over the images, [JCP23] App. C, with the
                     campaign key neb_path_hessian k; path_hessian_k = 0 and the others 0
                     without it); r_12 (sigma: |x_1 - x_a|, the first step of the path out of
                     IS a; NaN in a row whose neb record an older dwell wrote);
                     xi, V (n x M: the profile at the M images, V in eps relative to IS a);
                     dr_AB, dr_AS, dr_12 (n x N x 3, sigma: the displacement fields x_b - x_a,
                     x_saddle - x_a, x_1 - x_a; dr_12 0 where r_12 is NaN); x_a (n x N x 3,
                     sigma: the positions of library IS is_a as the merge stored them, the
                     minimum of /modes and of `dwell modes -in library.h5`; NaN where is_a
                     is -1)
   /dw/quantum/NAME  for each unit set NAME (attributes mt, kT_Q): E, E_tol, Delta, Delta_0
                     (eps; Delta_0 in the -tunnel_delta0 convention, [JCP23] eq. 15 by
                     default), Gamma ([JCP23] eq. 14 decay rate, eps/hbar), converged,
                     wkb_valid, double_well (1/0), one row per /dw row (NaN where undefined)
   /modes            only with the campaign key modes_stage (src/farm/stagemodes.c;
                     attributes k, ends "dw" or "tls"): is/ one row per end A of a double
                     well of a sample: sample, label, omega (n x k, 1/tau), lambda (n x k,
                     eps/sigma^2), P, O (n x k, [PRR20] eqs. 4, 3), qlm (n x k, 1/0); dw/ one
                     row per double well of a neb record whose A has modes: sample,
                     candidate, piece, is_a, c_AB, a_AB, c_AS, a_AS, c_12, a_12 ([PRM21]
                     eqs. 7-8, the largest over the k modes, for r_AB, r_AS and r_12) and
                     c_AB_mode, ..., a_12_mode (the mode giving each); c_12, a_12 NaN (modes -1)
                     where the neb record has no r_12 (written by an older dwell)
   /elastic          only with the campaign key elastic_stage (src/farm/stageelastic.c,
                     include/dwell/elastic.h, [JCP23] IV.C): one row per sample whose glass
                     gave moduli: sample, V, rho, P, G, G_born, G_na, K, K_born, K_na
                     (eps/sigma^3), c_t, c_l (sigma/tau), omega_t, omega_D, omega_c (1/tau),
                     A4, A4_err (tau^5), A4_omegaD5 (1), n_fit, nmodes (A4 NaN with
                     elastic_modes 0)
   /pull             only with the campaign key pull_stage (src/farm/stagepull.c,
                     include/dwell/pull.h, [PRR20] sec. II.C, III): one row per (sample, mode)
                     pulled, in that order: sample, mode, reason (1 transition, -1 overlap,
                     -2 amax, -3 amin, -4 minimize), sign, nmin, nevals, lambda
                     (eps/sigma^2), omega (1/tau), P, O, tau (eps/sigma^3), Ac_cubic, A_ov,
                     Ac, Ac_lo, dr (sigma), dPhi, barrier, V0, V1 (eps), Nrearr, Idir, decay
                     (1; the columns of the pull file of `dwell pull`, DWPullRealFields),
                     x0, x1 (n x N x 3, sigma: the IS pulled and the new IS, NaN without a
                     transition; a double-well candidate)

   The writer below is the generic part: collective, on the communicator of the ranks that
   write. The objects are named DWCampaignLibrary*: the library of a whole campaign, not
   DWISLibrary (include/dwell/islib.h), the inherent structures of one glass. */
#pragma once
#include <petscsys.h>
#include <dwell/glass.h> /* DWFieldType */

typedef struct _p_DWCampaignLibrary *DWCampaignLibrary;

/* Collective. Creates path.tmp (replacing a stale one) with an MPI-IO file access property
   list and collective metadata operations, and writes the root attribute dwell_version. */
PetscErrorCode DWCampaignLibraryCreate(MPI_Comm comm, const char path[], DWCampaignLibrary *f);
/* Collective. Dataset `name` ("group/sub/name"; groups created as needed) of nrows rows (the
   same on every rank), each row of shape rowdims[0] x rowdims[1] (0 = no such dimension;
   {0, 0}: a 1-D column). This rank writes its nlocal rows, whose global indices are rows[]
   (any order, possibly 0 rows; each row of [0, nrows) given by exactly one rank, checked),
   from data (nlocal rows, contiguous). type DW_FIELD_REAL (PetscReal, stored as double) or
   DW_FIELD_INT (PetscInt, stored as int64). One MPI_Alltoallv gives each rank a contiguous
   block of rows, then one collective H5Dwrite; units and description become attributes. */
PetscErrorCode DWCampaignLibraryWriteColumn(DWCampaignLibrary f, const char name[],
                                            DWFieldType type, PetscInt nrows,
                                            const PetscInt rowdims[2], PetscInt nlocal,
                                            const PetscInt rows[], const void *data,
                                            const char units[], const char description[]);
/* Collective, same value on every rank. An attribute of the group `object` ("/" for the
   root; created as needed): DW_FIELD_REAL, DW_FIELD_INT (one value) or DW_FIELD_STRING. */
PetscErrorCode DWCampaignLibraryWriteAttribute(DWCampaignLibrary f, const char object[],
                                               const char name[], DWFieldType type,
                                               const void *value);
/* Collective. A small array (n values, the same on every rank) written by rank 0, e.g.
   /campaign/T_f. */
PetscErrorCode DWCampaignLibraryWriteArray(DWCampaignLibrary f, const char name[], DWFieldType type,
                                           PetscInt n, const void *data, const char units[],
                                           const char description[]);
/* Collective. Rank 0 reserves `bytes` of disk for the file (fallocate, keeping its size; the
   part left unused is given back at commit), so that a full disk shows here, as an error on
   every rank, rather than in the middle of the collective writes, where MPI-IO may fail on
   some ranks only. Nothing is done on a file system that cannot reserve space. */
PetscErrorCode DWCampaignLibraryReserve(DWCampaignLibrary f, double bytes);
/* Collective. Closes the file; rank 0 fsyncs it and renames path.tmp to path. */
PetscErrorCode DWCampaignLibraryCommit(DWCampaignLibrary *f);
/* Collective. Closes and removes path.tmp (after an error). */
PetscErrorCode DWCampaignLibraryAbort(DWCampaignLibrary *f);

/* ------------------------------------------------------------------------------------------
   Reading

   What `dwell report` and other readers need of a finished library, loaded by one process
   (H5Fopen with the default, sequential file access: once written, library.h5 is an ordinary
   HDF5 file): the root attributes, /campaign, the per-sample counts of /samples, the scalar
   columns of /dw that the statistics use, and per unit set the columns E, Delta, Delta_0,
   converged of /dw/quantum/NAME. Integers are read as PetscInt, reals as PetscReal. Every
   dataset named below must exist (possibly with 0 rows); errors name the file and what is
   missing or inconsistent ("library.h5: no dataset /dw/quantum/argon_prl20/E"). */

/* /candidates/neb_reason of a NEB task that failed by an error, not by a DWNEBReason. */
#define DW_NEB_FAILED_ERROR (-100)

#define DW_LIBRARY_MAX_STAGES 8 /* stages of /campaign/tasks a reader keeps */
#define DW_LIBRARY_NELASTIC   5 /* the /elastic columns a reader keeps */
extern const char *const DWLibraryElasticColumns[DW_LIBRARY_NELASTIC];

/* The columns of /dw/quantum/NAME of one unit set, with its /campaign entries. */
typedef struct {
  char name[64];                  /* unit set, as in the /campaign attribute mt_sets */
  PetscReal mt, kT_Q, T_Q;        /* /campaign/mt (1), kT_Q (eps), T_Q (K) */
  PetscReal *E, *Delta, *Delta_0; /* n_dw each (eps) */
  PetscInt *converged;            /* n_dw: 1 when E converged */
} DWCampaignLibraryQuantum;

typedef struct {
  char model[64];
  PetscInt N, N_g, seed; /* root attributes (N_g: glasses per T_f; -1: it differs per T_f) */
  char *options;         /* root attribute options ("-key value" per line; "" if absent) */
  PetscInt n_Tf;
  PetscReal *T_f; /* /campaign/T_f (eps/k_B) */
  /* the plan per T_f, /campaign/N_g, runs, tau_cg, tau_total (tau): NULL in a library
     written before plans per T_f (the root attribute N_g is then the plan) */
  PetscInt *plan_N_g, *plan_runs;
  PetscReal *plan_tau_cg, *plan_tau_total;
  PetscInt n_samples;
  /* /samples: sample, T_f_index, status (1 done, 2 failed, 0 not done), n_is, n_dw */
  PetscInt *sample, *sample_Tf, *status, *sample_n_is, *sample_n_dw;
  /* /candidates: sample, neb_reason (NULL, n_cand 0: a library written before neb_reason) */
  PetscInt n_cand;
  PetscInt *cand_sample, *cand_neb_reason;
  PetscInt n_dw;
  PetscInt *dw_sample;                          /* /dw/sample */
  PetscReal *dw_T_f, *dV, *V_b, *d_sqrtPR, *PR; /* /dw: eps/k_B, eps, eps, sigma, 1 */
  PetscInt n_mt;
  DWCampaignLibraryQuantum *quantum; /* n_mt unit sets, in the order of mt_sets */
  /* /campaign/tasks, per stage (glass, explore, merge, neb, then those the campaign turned
     on, e.g. modes; names in stage_names): the tasks known, done, failed (failure records and
     no result: given up once the campaign is finished) and blocked (never run: their glass
     failed); has_tasks false in a library written before them */
  PetscBool has_tasks;
  PetscInt n_stages;
  char stage_names[DW_LIBRARY_MAX_STAGES][16];
  PetscInt tasks_known[DW_LIBRARY_MAX_STAGES], tasks_done[DW_LIBRARY_MAX_STAGES];
  PetscInt tasks_failed[DW_LIBRARY_MAX_STAGES], tasks_blocked[DW_LIBRARY_MAX_STAGES];
  /* /elastic (campaign key elastic_stage; n_elastic 0 when absent): the sample of each row
     and the columns DWLibraryElasticColumns (G, K in eps/sigma^3, omega_D in 1/tau, A4 in
     tau^5, A4_omegaD5 in 1; NaN where not computed) */
  PetscInt n_elastic;
  PetscInt *elastic_sample;
  PetscReal *elastic[DW_LIBRARY_NELASTIC];
  /* /pull (campaign key pull_stage; n_pull 0 when absent): per row the sample, the reason
     (1: transition) and dPhi_barrier (eps) */
  PetscInt n_pull;
  PetscInt *pull_sample, *pull_reason;
  PetscReal *pull_barrier;
  /* the root attribute protocol ("paper" when absent, a library before issue 16) and, under
     the fast protocol, /screen (n_screen 0 when absent): per pool pair the sample, the
     candidate (-1: not run) and the flags (bits 1 warm-up, 2 model pick, 4 random fraction,
     8 added pair); /dw/candidate of every /dw row with /screen (NULL without) */
  char protocol[16];
  PetscInt n_screen;
  PetscInt *screen_sample, *screen_candidate, *screen_flags;
  PetscInt *dw_candidate;
} DWCampaignLibraryData;

/* Not collective: the calling process opens `path` read-only and fills *lib (every array
   PetscMalloc'ed; free with DWCampaignLibraryDataFree). Checks that the columns of a table have the
   same length, that /campaign has one mt, kT_Q and T_Q per name of mt_sets and that
   T_f_index is in range. On error *lib holds nothing to free. */
PetscErrorCode DWCampaignLibraryDataRead(const char path[], DWCampaignLibraryData *lib);
/* Frees the arrays of *lib and zeroes it. */
PetscErrorCode DWCampaignLibraryDataFree(DWCampaignLibraryData *lib);

/* Not collective. Registers the logging events of this module (PetscLogEventRegister; a no-op
   the second time). Every rank of a campaign calls it at start-up (src/app/logevents.c), so that
   -log_view sums the same event on every rank even where only workers run the module. */
PetscErrorCode DWCampaignLibraryLogRegister(void);
PetscErrorCode DWCampaignLibraryReadLogRegister(void);
