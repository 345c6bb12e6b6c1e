/* Minimum energy paths (MEP) between inherent structures (DESIGN.md section 4; issue 5).

   The surface. A DWSurface is a generic energy V(x) of an n-vector x with its gradient and a
   difference operator d = a - b (the minimum image for particles in a periodic box), so the
   same path code runs analytic 2D surfaces (Mueller-Brown, in the tests) and particle
   systems (DWSurfaceCreateParticles: V = U of a DWPotential, x = 3N positions).

   The band. M images x_0 .. x_{M-1} (-neb_images, default 40, end points included as in
   LAMMPS), linearly interpolated between the end points after aligning b on a (minimum
   image, and for particles the mean displacement removed: a rigid translation costs no
   energy), end points minimised first. Two methods, chosen by name (-neb_type):
     ci      climbing-image NEB (Henkelman, Uberuaga, Jonsson, J. Chem. Phys. 113, 9901
             (2000), eq. 5) with the improved tangent (Henkelman and Jonsson, J. Chem. Phys.
             113, 9978 (2000), eqs. 8-12):
               F_i = -grad V(x_i)|_perp + k (|x_{i+1} - x_i| - |x_i - x_{i-1}|) tau_i,
               F_c = -grad V(x_c) + 2 (grad V(x_c) . tau_c) tau_c for the climbing image,
             k = -neb_spring (default 0.125 eps/sigma^2);
     string  the simplified string method (E, Ren, Vanden-Eijnden, J. Chem. Phys. 126,
             164103 (2007), sec. II): images move with -grad V|_perp (projected on the same
             improved tangent) and are redistributed at equal arc length (cubic spline
             through the images) before every force evaluation; the climbing image of the
             climbing string (Ren and Vanden-Eijnden, J. Chem. Phys. 138, 134105 (2013))
             moves with F_c and the two sides of the string are redistributed separately.
             No springs, hence no slow equilibration of the image spacing: on curved paths
             the string often converges in fewer iterations than CI-NEB at k = 0.125.
   Both are driven by FIRE 2.0 (the LAMMPS defaults, as DWMinimizer): NEB forces are not the
   gradient of anything, so there is no energy line search. Stage 1 converges the plain band
   to max_i |F_perp,i|_inf <= -neb_ftol_plain; stage 2 switches the climbing image on (the
   highest interior image) and converges to max |F_perp|_inf <= -neb_ftol and
   |F_c|_inf <= -neb_ftol (default 1e-4 eps/sigma). Unlike FIRE 2.0, the band's FIRE keeps
   its mixing parameter alpha >= -neb_fire_alpha_min (default 0.1; 0 is FIRE 2.0; not in the
   string method's plain stage, src/landscape/nebstage.c): a climbing
   image whose tangent is not the saddle's unstable mode feels a force that is not a
   gradient, and undamped FIRE can keep it oscillating (src/landscape/fire.c, nebsolve.c).
   -neb_optimizer lbfgs replaces FIRE by L-BFGS on the band force of all images at once
   (Sheppard, Terrell, Henkelman, J. Chem. Phys. 128, 134106 (2008); src/landscape/
   neblbfgs.c; -neb_lbfgs_m, -neb_lbfgs_alpha, -neb_lbfgs_spacing). The default is the
   climbing string driven by L-BFGS (DWNEBSetType also sets the optimiser each method is
   robust with: string lbfgs, ci fire): on the 49 pairs of tests/farm/tiny.yaml with 6
   glasses it needs 1.7 times fewer force evaluations than CI-NEB + FIRE in all (median 2.6
   per pair, issue 17); with CI-NEB's weak springs L-BFGS is not robust (spurious splits).
   -neb_maxit caps the iterations of a band; a band that reaches it starts again from itself
   with 2M - 1 images, and a band that runs away (a segment 10 times the band's length: a
   climbing image climbing off a band that hid an intermediate minimum) starts again from its
   start, its plain stage relaxed to -neb_ftol before the climbing image (src/landscape/
   nebsolve.c); at most -neb_restarts times in all (default 2; a record keeps M images), and
   is then reported "not converged" with its reason. A stage whose largest force has not
   halved in -neb_stall_its iterations (default 2000) stops as "stalled" and is restarted
   like one at -neb_maxit. A pair that is not converged is solved again from the same start
   with the fallback (-neb_fallback, default on): after the string with L-BFGS (at most one
   restart of its own first), CI-NEB with FIRE and its restarts; after any other method (at
   once when its band stalled), one band of the climbing string driven by L-BFGS, and when
   that fails after a stall, the method with its restarts. A solve stops with
   "force-evaluation budget spent" once it has spent -neb_max_evaluations (default
   -neb_maxit (M - 2), what one band of M images may spend) force evaluations, minimisations included: a count, not a time, so the result is the same on any
   machine, rank count or restart. The band forces and tangents carry no part along the surface's
   exact zero modes (the three translations of particles), so no image drifts along them (a folded
   band of the quickstart drifted by ~50 sigma per image spacing within 5000 iterations, its
   overlaps then giving |F_perp| ~ 1e15 eps/sigma). -neb_monitor k prints the band's state
   every k iterations (src/landscape/nebmonitor.c). (ka's force jumps at rc put kinks into
   V along a path; climbing images converged to 1e-4 then agree to ~1e-6 eps, and much
   tighter tolerances may not be reachable there.)

   Intermediate minima. After each stage, an interior image that is a local minimum of the
   image energies and lies more than -neb_split_tol (eps) below the highest image on each
   side of it (and during stage 1 already, an image more than -neb_split_tol below both
   ends) is minimised to an IS c. Unless c is one of the ends, the pair (a, b) is split
   into (a, c) and (c, b), each started from its part of the band (c in place of the
   dip image) and solved the same way (recursively, at most -neb_max_splits
   splits), pairs already solved are skipped, and an IS is "known" when its energy is within
   -neb_is_etol and every particle within -neb_is_dtol of a known one. Each elementary path
   becomes one DWDoubleWell record (include/dwell/dw.h).

   Saddle check (src/modes/saddle.c): the Hessian at the climbing image (PETSc Mat) has
   exactly one negative eigenvalue (SLEPc, the exact zero modes such as the three
   translations deflated with EPSSetDeflationSpace) and |grad V|_inf <= gtol.

   All objects here are sequential and replicated on their communicator, like DWMinimizer. */
#pragma once
#include <petscmat.h>
#include <dwell/potential.h>
#include <dwell/minimizer.h>
#include <dwell/dw.h>
#include <dwell/islib.h>
#include <dwell/surface.h>

/* ------------------------------------------------------------------ DWNEB */
typedef struct _p_DWNEB *DWNEB;
typedef const char *DWNEBType;
#define DWNEB_CI     "ci"
#define DWNEB_STRING "string"

typedef enum {
  DW_NEB_CONVERGED         = 1,
  DW_NEB_DIVERGED_MAXIT    = -1, /* a band hit -neb_maxit */
  DW_NEB_DIVERGED_NAN      = -2, /* not a number in the band */
  DW_NEB_DIVERGED_ENDPOINT = -3, /* an end point or intermediate minimum did not minimise */
  DW_NEB_DIVERGED_SPLITS   = -4, /* more than -neb_max_splits intermediate minima */
  DW_NEB_DIVERGED_SAME_IS  = -5, /* the two end points minimise to the same IS */
  DW_NEB_DIVERGED_RUNAWAY  = -6, /* a band segment 10x the band's length: run away uphill */
  DW_NEB_DIVERGED_BUDGET   = -7, /* the solve spent -neb_max_evaluations force evaluations */
  DW_NEB_DIVERGED_STALL    = -8  /* no progress in -neb_stall_its iterations, after restarts */
} DWNEBReason;

typedef struct {
  DWNEBReason reason;
  PetscInt nrecords;             /* elementary double wells */
  PetscInt nsplits;              /* intermediate minima that split a path */
  PetscInt nbands;               /* bands optimised */
  PetscInt nrestarts;            /* bands restarted (iteration cap, stall or run-away) */
  PetscInt nfallbacks;           /* pairs solved again with the fallback (-neb_fallback) */
  PetscInt nis;                  /* IS known: 0 = a, 1 = b, then intermediate ones */
  PetscInt iterations;           /* FIRE iterations, all bands */
  PetscInt force_evaluations;    /* all energy/gradient evaluations (end points included) */
  PetscInt endpoint_evaluations; /* of which minimisations (end points, intermediate IS) */
} DWNEBResult;

/* Collective. Defaults: string (L-BFGS), 40 images, k = 0.125, ftol 1e-4, ftol_plain 1e-3,
   maxit 20000. */
PetscErrorCode DWNEBCreate(MPI_Comm comm, DWNEB *neb);
PetscErrorCode DWNEBDestroy(DWNEB *neb);
PetscErrorCode DWNEBSetType(DWNEB neb, DWNEBType type);
PetscErrorCode DWNEBGetType(DWNEB neb, DWNEBType *type);
/* Images including both end points (>= 3). */
PetscErrorCode DWNEBSetImages(DWNEB neb, PetscInt M);
PetscErrorCode DWNEBGetImages(DWNEB neb, PetscInt *M);
/* Spring constant k (eps/sigma^2, > 0). */
PetscErrorCode DWNEBSetSpring(DWNEB neb, PetscReal k);
PetscErrorCode DWNEBGetSpring(DWNEB neb, PetscReal *k);
/* Final tolerance on |F_perp|_inf and |F_climb|_inf, the plain-band tolerance (>= ftol),
   both eps/sigma, and the iteration cap per band. */
PetscErrorCode DWNEBSetTolerances(DWNEB neb, PetscReal ftol, PetscReal ftol_plain, PetscInt maxit);
PetscErrorCode DWNEBGetTolerances(DWNEB neb, PetscReal *ftol, PetscReal *ftol_plain,
                                  PetscInt *maxit);
/* Reads -neb_type, -neb_images, -neb_spring, -neb_ftol, -neb_ftol_plain, -neb_maxit,
   -neb_split_tol, -neb_max_splits, -neb_is_etol, -neb_is_dtol, -neb_keep_images,
   -neb_fire_dt, -neb_fire_alpha_min, -neb_maxstep, -neb_monitor, -neb_restarts,
   -neb_optimizer, -neb_lbfgs_m, -neb_lbfgs_alpha, -neb_lbfgs_spacing, -neb_stall_its,
   -neb_fallback, -neb_max_evaluations. */
PetscErrorCode DWNEBSetFromOptions(DWNEB neb);
/* The surface the paths live on (referenced, not owned). */
PetscErrorCode DWNEBSetSurface(DWNEB neb, DWSurface s);
PetscErrorCode DWNEBGetSurface(DWNEB neb, DWSurface *s);
/* Not collective (replicated). Minimises a and b, then finds every elementary path between
   them (splitting at intermediate minima). Forgets the records of a previous solve. */
PetscErrorCode DWNEBSolve(DWNEB neb, const PetscReal a[], const PetscReal b[], DWNEBResult *result);
/* The records of the last solve (owned by neb) and the known IS (energy eps, x n reals). */
PetscErrorCode DWNEBGetRecords(DWNEB neb, PetscInt *n, DWDoubleWell *records[]);
PetscErrorCode DWNEBGetInherentStructure(DWNEB neb, PetscInt id, PetscReal *E,
                                         const PetscReal *x[]);
PetscErrorCode DWNEBView(DWNEB neb, PetscViewer viewer);
const char *DWNEBReasonName(DWNEBReason reason);
/* Registry: a new path method is one file (its DWNEBCreate_XXX fills the ops table) plus one
   line in DWNEBRegisterAll(). Not collective. */
PetscErrorCode DWNEBRegister(const char name[], PetscErrorCode (*create)(DWNEB));
PetscErrorCode DWNEBRegisterAll(void);
/* Not collective. The names of the methods joined by sep (e.g. ", ") in buf. */
PetscErrorCode DWNEBListTypes(const char sep[], char buf[], size_t len);

/* Every candidate pair of an IS library (src/landscape/nebbatch.c). The batch IS are the
   library's (ids = library labels, energies total, eps) followed by new intermediate minima;
   the records' is_a, is_b are batch ids and rec_pair their candidate index. */
typedef struct {
  PetscInt npairs;   /* candidate pairs solved */
  PetscInt nskipped; /* candidates already recorded as a piece of an earlier split */
  PetscInt nfailed;  /* solves that did not converge */
  PetscInt nsplits, iterations, force_evaluations;
  DWNEBReason reason; /* the first failure, else converged */
  PetscInt nis, mis;
  PetscReal *E, *X; /* nis energies (eps), nis x 3N positions (sigma) */
  PetscInt nrec;
  DWDoubleWell *rec;
  PetscInt *rec_pair;
} DWNEBBatch;

/* Not collective (replicated). The NEB's surface must be the particle surface of the
   library's glass (same N). */
PetscErrorCode DWNEBSolveLibrary(DWNEB neb, DWISLibrary lib, DWNEBBatch *batch);
PetscErrorCode DWNEBBatchReset(DWNEBBatch *batch);

/* ------------------------------------------------------------------ saddle check */
typedef struct {
  PetscInt nneg;       /* negative eigenvalues among the two lowest (2: at least two) */
  PetscReal lambda[2]; /* the two lowest eigenvalues with the zero modes deflated, eps/sigma^2 */
  PetscReal grad;      /* |grad V|_inf, eps/sigma */
  PetscBool first_order;
} DWSaddleResult;

/* Collective on the surface's communicator (SLEPc; SlepcInitialize is called on first use
   if the program called only PetscInitialize). Eigenvalues below -lambda_tol count as
   negative; first order means nneg == 1 and grad <= gtol. The EPS takes options with the
   prefix -saddle_ (default Krylov-Schur, smallest real; e.g. -saddle_st_type sinvert
   -saddle_st_pc_type cholesky -saddle_st_pc_factor_mat_solver_type mumps). */
PetscErrorCode DWSaddleCheck(DWSurface s, const PetscReal x[], PetscReal gtol, PetscReal lambda_tol,
                             DWSaddleResult *result);
/* The saddle check's settings, read from the options database by DWSaddleCheckSetFromOptions
   (the one place that reads them: `dwell neb` and the campaign's neb task use it). */
typedef struct {
  PetscBool check;      /* -neb_saddle_check: check each climbing image (default true) */
  PetscReal gtol;       /* -saddle_gtol: largest |grad V|_inf of a saddle, eps/sigma
                           (default 10 times the NEB's -neb_ftol) */
  PetscReal lambda_tol; /* -saddle_lambda_tol: eigenvalues below -lambda_tol are negative,
                           eps/sigma^2 (default 1e-6) */
} DWSaddleCheckOptions;
/* Collective. Reads -neb_saddle_check, -saddle_gtol and -saddle_lambda_tol into *o (ftol: the
   NEB's force tolerance, eps/sigma, for the default gtol) and, when the check is on, the
   -saddle_ options of its eigensolver now (so that a command finds misspelt options before
   any work). A value out of range, or one of the former names -neb_saddle_gtol and
   -neb_saddle_lambda_tol, is an error naming the option. */
PetscErrorCode DWSaddleCheckSetFromOptions(MPI_Comm comm, PetscReal ftol, DWSaddleCheckOptions *o);
/* Runs DWSaddleCheck at the record's saddle image x_TS and fills its saddle_* fields and
   omega_TS_hessian. */
PetscErrorCode DWDoubleWellCheckSaddle(DWSurface s, DWDoubleWell *dw, PetscReal gtol,
                                       PetscReal lambda_tol);

/* Not collective. Registers the logging events of this module (PetscLogEventRegister; a no-op
   the second time). Every rank of a campaign calls it at start-up (src/app/logevents.c), so that
   -log_view sums the same event on every rank even where only workers run the module. */
PetscErrorCode DWNEBLogRegister(void);
