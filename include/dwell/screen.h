/* The learned pre-screen of IS pairs (issue 16; Ciarella, Khomenko, Berthier, Mocanu,
   Reichman, Scalliet, Zamponi, Nat. Commun. 14, 4229 (2023)): cheap features of a pair of
   inherent structures taken from the IS library alone, and a gradient-boosted classifier
   (is the pair a double well?) and regressor (log10 of its splitting E) trained on the pairs
   whose NEB is already known, through XGBoost's C API (Debian libxgboost-dev).

   Features of a pair {a, b} of IS of one glass (DWPairFeaturesCompute), oriented so that a is
   the lower in energy (e_a <= e_b, ties by label), with e = U/N and N particles:
     dE           N (e_b - e_a) >= 0 (eps, total), the classical asymmetry of the pair;
     r_AB         |r_AB| = [sum_i |d_i|^2]^(1/2) (sigma), with d_i = r_i^b - r_i^a the
                  minimum-image displacement of particle i minus the mean displacement <d>
                  (a translation of the whole system: removed as DWSurfaceAlign does before
                  a NEB, so r_AB and PR are those the NEB's double-well record will have);
     dmax_1       the largest |d_i| (sigma);
     dmax_2       the second largest |d_i| (sigma);
     n_displaced  the number of particles with |d_i| > d_thr (-screen_displaced_threshold);
     PR           [sum_i |d_i|^2]^2 / sum_i |d_i|^4 ([JCP23] eq. 16), in [1, N] (0 when
                  d = 0);
     T_ab, T_ba   the transition counts T[a->b] and T[b->a] of the library (0 for a pair the
                  dynamics never connected);
     E_a, E_b     N (e_a - e_0) and N (e_b - e_0) (eps, total), e_0 the glass's lowest IS.
   A tree ensemble does not care about monotone transformations of a feature, so none is
   rescaled.

   DWScreen holds the two boosters. Deterministic: one thread (nthread = 1), the seed of
   XGBoost drawn from the stream (campaign seed, DW_STAGE_SCREEN, 0, generation), and the
   training rows put in one canonical order (lexicographic in the single-precision features
   XGBoost sees, then label, then target) before training, so that the model depends on the
   set of training rows, not on the order in which results arrived. The model is saved as
   one byte buffer (both boosters in XGBoost's UBJSON format inside a checksummed container,
   little-endian), so it can be stored with the shards.

   Options (prefix "screen_"): -screen_rounds (boosting rounds, default 100), -screen_eta
   (0.3), -screen_max_depth (6), -screen_min_child_weight (1), -screen_lambda (1),
   -screen_subsample (1), -screen_colsample_bytree (1), -screen_scale_pos_weight (1),
   -screen_tree_method exact|hist|approx (exact) and -screen_displaced_threshold (0.1 sigma);
   the tree parameters are XGBoost's (its defaults, except the rounds), shared by both
   boosters.

   A DWScreen is sequential and replicated: every rank that trains it on the same rows gets
   the same model. */
#pragma once
#include <dwell/islib.h>
#include <dwell/neb.h>
#include <dwell/quantum.h>
#include <dwell/surface.h>
#include <stdint.h>

/* ---------------------------------------------------------------- pair features */
#define DW_PAIR_NFEATURES 10

typedef struct {
  PetscInt a, b;        /* library labels, e_a <= e_b */
  PetscReal dE;         /* eps, total */
  PetscReal r_AB;       /* sigma */
  PetscReal dmax_1;     /* sigma */
  PetscReal dmax_2;     /* sigma */
  PetscInt n_displaced; /* particles with |d_i| > d_thr */
  PetscReal PR;         /* [JCP23] eq. 16 */
  PetscInt T_ab, T_ba;  /* transition counts */
  PetscReal E_a, E_b;   /* eps, total, above the lowest IS */
} DWPairFeatures;

/* Default displacement threshold of n_displaced (sigma; justified in src/screen/features.c). */
#define DW_SCREEN_DISPLACED_THRESHOLD 0.1

/* Not collective. The features of the pair {a, b} (any order, a != b) of the merged library
   described by lib (DWISLibraryGetData), with threshold d_thr >= 0 (sigma). The IS labels
   must be those of lib, whose IS are ordered by increasing energy (label 0 the lowest). */
PetscErrorCode DWPairFeaturesCompute(const DWISLibraryData *lib, PetscInt a, PetscInt b,
                                     PetscReal d_thr, DWPairFeatures *f);
/* Not collective. The features as DW_PAIR_NFEATURES reals, in the order of the struct (dE,
   r_AB, dmax_1, dmax_2, n_displaced, PR, T_ab, T_ba, E_a, E_b). */
void DWPairFeaturesToArray(const DWPairFeatures *f, PetscReal x[]);
/* Not collective. Name and unit of feature k of that array (NULL beyond it). */
const char *DWPairFeatureName(PetscInt k);
const char *DWPairFeatureUnit(PetscInt k);

/* ---------------------------------------------------------------- DWScreen */
typedef struct _p_DWScreen *DWScreen;

/* Collective (replicated). No model yet; DW_PAIR_NFEATURES features per row; prefix
   "screen_"; seed 0, generation 0. */
PetscErrorCode DWScreenCreate(MPI_Comm comm, DWScreen *screen);
/* Not collective. Registers the logging events DWScreenTrain and DWScreenPredict (a no-op the
   second time; every rank of a campaign calls it at start-up, src/app/logevents.c). */
PetscErrorCode DWScreenLogRegister(void);
/* Frees the boosters; *screen = NULL. */
PetscErrorCode DWScreenDestroy(DWScreen *screen);
/* Not collective. The options prefix the PETSc way (default "screen_"). */
PetscErrorCode DWScreenSetOptionsPrefix(DWScreen screen, const char prefix[]);
/* Collective. Reads the options above; errors naming the option on a value out of range. */
PetscErrorCode DWScreenSetFromOptions(DWScreen screen);
/* Not collective. Features per row (> 0); frees a model trained or loaded with another
   count. */
PetscErrorCode DWScreenSetNumFeatures(DWScreen screen, PetscInt nf);
PetscErrorCode DWScreenGetNumFeatures(DWScreen screen, PetscInt *nf);
/* Not collective. XGBoost's seed for the next training: from the campaign seed and the
   generation (how many times the campaign has retrained the model). */
PetscErrorCode DWScreenSetSeed(DWScreen screen, uint64_t seed, PetscInt generation);
/* Not collective. The threshold d_thr of the n_displaced feature (sigma). */
PetscErrorCode DWScreenGetDisplacedThreshold(DWScreen screen, PetscReal *d_thr);
/* Not collective. Trains both boosters from scratch on n > 0 rows of nf features (X, n x nf,
   row-major; finite), the class labels label[] (0 or 1, both present: one class only is an
   error) of the classifier and the targets
   y[] of the regressor (log10 E; NaN for a row without one, e.g. not a double well; y may
   be NULL). The regressor is trained on the rows with a finite y, if any; without any it
   stays empty and predicts NaN. */
PetscErrorCode DWScreenTrain(DWScreen screen, PetscInt n, PetscInt nf, const PetscReal X[],
                             const PetscInt label[], const PetscReal y[]);
/* Not collective. For n rows of nf features: p[i] the classifier's probability of label 1 and
   y[i] the regressor's prediction (NaN without a regressor); p or y may be NULL. Errors
   without a classifier (train or load first) and when nf is not the model's count. */
PetscErrorCode DWScreenPredict(DWScreen screen, PetscInt n, PetscInt nf, const PetscReal X[],
                               PetscReal p[], PetscReal y[]);
/* Not collective. Whether a classifier is there, and the rows each booster was trained on. */
PetscErrorCode DWScreenGetTrained(DWScreen screen, PetscBool *trained, PetscInt *n_cls,
                                  PetscInt *n_reg);
/* Not collective. The model as one byte buffer (*buf allocated, PetscFree), and back: Load
   replaces the model (the hyperparameters and seed stay as set) and errors, naming what is
   wrong, on a buffer that is not a DWScreen model, is truncated, fails its checksum, or has
   another number of features than the screen. */
PetscErrorCode DWScreenSave(DWScreen screen, size_t *len, unsigned char **buf);
PetscErrorCode DWScreenLoad(DWScreen screen, size_t len, const unsigned char buf[]);
/* Collective. The hyperparameters, the seed, what the model was trained on and the CRC-32 of
   its saved bytes (one number to compare the models of two runs). */
PetscErrorCode DWScreenView(DWScreen screen, PetscViewer viewer);

/* ---------------------------------------------------------------- coarse pass */
/* The splitting of a coarse minimum energy path (issue 16, "multi-fidelity paths": a string of
   about 8-12 images at a loose tolerance before the protocol's full NEB) with an error bound,
   and whether the pair can still be a TLS (src/screen/coarse.c):
     E       the splitting of the profile (xi_k, V_k), k < M, path length d;
     E_half  the same on a half-resolution profile (DWScreenCoarseHalfImages; of the two, the
             one farther from E): the interpolation error of E, which falls as a power h^p
             (p >= 1) of the spacing, is at most |E - E_half| (= (2^p - 1) times the
             estimated error) once the spacing is in that asymptotic regime;
     E_long  the same with the path length d_hi = d + (d - d_half), d_half the length of the
             polygon through the half-resolution images from the ends (an inscribed polygon
             is shorter than the path by O(h^2)): the path-length error (none when
             d_half <= 0);
     bound   |E - E_half| + |E - E_long| + the solver's own E_tol of the three;
             on the analytic wells of tests/screen/test_coarse.c the error of E stays below
             half the bound;
     E_lo = max(0, E - bound), E_hi = E + bound;
     keep    E_lo <= E_max (E_max: a multiple of k_B T_Q), or E not computable (a profile the
             solver rejects is never discarded).
   What the bound does not cover: the change of the path's shape between the coarse and the
   full NEB other than its length (a coarse band may cut a corner the full band follows, or
   miss an intermediate minimum), and the loose tolerance's error of V at the images. Measured
   on the two quickstart pairs of tests/screen/test_coarse_neb.c (climbing string, 10 images,
   ftol 1e-3, against the CI-NEB of 40 images at 1e-4): the coarse paths are 3-9% shorter,
   beyond the polygon's own O(h^2), and E_full lies outside [E_lo, E_hi] in 5 of 8 (record,
   mass) cases, by a factor of at most 1.56 in E. On the 52 comparable pairs of a quickstart
   campaign (`dwell neb -in qs/library.h5 -neb_coarse -neb_coarse_full`, 2026-12-04) against the
   string of 40 images at 1e-4: 37 (argon) and 34 (nickel) of 52 inside, E_lo / E_full up to
   6.6 (argon) and 483 (nickel: a TLS of E_full 2.8e-6 eps whose coarse E_lo is 1.4e-3 eps =
   6.5 k_B T_Q); against the quickstart's own 12 images up to 1.2 and 2.0. The margin for that
   is the multiple of k_B T_Q in E_max: at 5 that TLS is discarded, at 10 it is kept with a
   factor 1.5 to spare; DW_SCREEN_COARSE_MULTIPLE (20) is three times the worst E_lo / k_B T_Q
   of a TLS seen. */
#define DW_SCREEN_COARSE_MULTIPLE 20
typedef struct {
  PetscReal E, E_half, E_long; /* eps; NaN where the solver rejected the profile */
  PetscReal d_hi;              /* sigma */
  PetscReal bound;             /* eps */
  PetscReal E_lo, E_hi;        /* eps */
  PetscBool keep;
} DWCoarseSplitting;

/* Not collective. The m images of a half-resolution profile of M images (idx[], M entries of
   room, increasing): both ends, the highest image, and every other image counted from each
   end towards the highest (from_ends: the spacing doubles at the ends, where the curvatures
   that set the zero-point energies are) or from the highest outwards (not from_ends: it
   doubles around the barrier top). DWScreenCoarseSplitting uses both; d_half is the length of
   the polygon through the images of from_ends. */
PetscErrorCode DWScreenCoarseHalfImages(PetscInt M, const PetscReal V[], PetscBool from_ends,
                                        PetscInt *m, PetscInt idx[]);
/* Not collective. t is the caller's DWTunnel with its mass, spline ends and options set (its
   profile is replaced); M >= 6 points (xi from 0 to 1, increasing), path length d > 0 and
   d_half (<= 0: unknown), threshold E_max (eps). */
PetscErrorCode DWScreenCoarseSplitting(DWTunnel t, PetscInt M, const PetscReal xi[],
                                       const PetscReal V[], PetscReal d, PetscReal d_half,
                                       PetscReal E_max, DWCoarseSplitting *c);
/* Not collective. The splitting E and its E_tol of the profile (xi, V) of n points and path
   length d with t's mass and settings; both NaN when the solver rejects the profile. */
PetscErrorCode DWScreenSplitting(DWTunnel t, PetscInt n, const PetscReal xi[], const PetscReal V[],
                                 PetscReal d, PetscReal *E, PetscReal *E_tol);

/* The coarse pass of one IS pair (src/screen/coarsepass.c): a climbing string of few images at a
   loose tolerance, its records' V(xi), dV, V_b, d and, for each unit set, the splitting with its
   bound (DWScreenCoarseSplitting) and the decision whether the full NEB of the protocol is
   still needed. Options (DWCoarseOptionsSetFromOptions): -neb_coarse_images (10),
   -neb_coarse_ftol (1e-3 eps/sigma, ten times the protocol's), -neb_coarse_keep_multiple
   (DW_SCREEN_COARSE_MULTIPLE), -neb_coarse_units (argon_prl20,nickel_prl20). */
#define DW_SCREEN_COARSE_MAX_UNITS 8
typedef struct {
  PetscInt images;    /* string images, end points included (8-12 advised) */
  PetscReal ftol;     /* |F_perp|_inf and |F_climb|_inf, eps/sigma */
  PetscReal multiple; /* keep a pair whose E can still be below multiple k_B T_Q */
  PetscInt nunits;
  char names[DW_SCREEN_COARSE_MAX_UNITS][32];
  PetscReal mt[DW_SCREEN_COARSE_MAX_UNITS], kT_Q[DW_SCREEN_COARSE_MAX_UNITS]; /* 1, eps */
} DWCoarseOptions;

typedef struct {
  PetscInt nimages;
  PetscReal *xi, *V;    /* V(xi) at the images (owned copies), eps */
  PetscReal dV, V_b, d; /* eps, eps, sigma */
  PetscReal d_half;     /* the polygon through the half-resolution images, sigma */
  DWCoarseSplitting E[DW_SCREEN_COARSE_MAX_UNITS]; /* per unit set */
} DWCoarseRecord;

typedef struct {
  DWNEBReason reason;
  PetscInt images, iterations, evaluations; /* evaluations: all, minimisations included */
  PetscInt nrec;
  DWCoarseRecord *rec;
  PetscBool keep[DW_SCREEN_COARSE_MAX_UNITS]; /* per unit set: the full NEB is needed */
  PetscBool keep_any;
} DWCoarsePass;

/* Collective. Defaults, then the options above. */
PetscErrorCode DWCoarseOptionsSetFromOptions(MPI_Comm comm, DWCoarseOptions *o);
/* Not collective. The length of the polygon through the half-resolution images (from the ends,
   DWScreenCoarseHalfImages) of a record, on the record's surface s. */
PetscErrorCode DWScreenCoarseHalfLength(DWSurface s, const DWDoubleWell *w, PetscReal *d_half);
/* Not collective (replicated, as DWNEBSolve). Sets neb (its surface set) to the coarse string of
   o, solves between a and b and fills p. t: the campaign's DWTunnel settings (mass replaced).
   A pair is kept for a unit set when some record has E_lo <= multiple k_B T_Q, or when the
   pass gives no record to judge (failed solve, no double well): never discarded unseen. */
PetscErrorCode DWScreenCoarsePassRun(DWNEB neb, const DWCoarseOptions *o, DWTunnel t,
                                     const PetscReal a[], const PetscReal b[], DWCoarsePass *p);
PetscErrorCode DWScreenCoarsePassReset(DWCoarsePass *p);
/* Collective on the viewer. YAML: the pass, its records and, per unit set, E and its bound. */
PetscErrorCode DWScreenCoarsePassView(const DWCoarsePass *p, const DWCoarseOptions *o,
                                      PetscInt indent, PetscViewer v);
