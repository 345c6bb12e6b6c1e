/* Private layout of DWTunnel and the pieces of its eigen-solver (see <dwell/quantum.h>).

   The level solver (levels.c drives it) finds the lowest levels of the pentadiagonal
   Hamiltonian H (5-point stencil; hamiltonian.c: the twisted banded LDL^T factorisation of
   H - sigma, its solves and its difference-form matrix elements) in three steps:
     1. levelscoarse.c, the coarse stage: a 3-point (tridiagonal) discretisation on a grid ~8
        points per oscillator length; Sturm counts (4 shifts per sweep) bracket its lowest
        DW_LEVELS_WANTED eigenvalues, which are grouped into clusters (near-degenerate
        doublets together), and a few steps of block inverse iteration give each cluster's
        coarse vectors and values;
     2. levelsfine.c, the fine stage: for each cluster, block inverse iteration with
        H - sigma started from the interpolated coarse vectors, shift from the coarse values;
        a final Rayleigh-Ritz with the difference-form matrix elements;
     3. levels.c: a Sturm count of H between the last cluster and the next level proves that
        no level was missed (else the coarse grid is refined and the solve repeated).
   The Rayleigh-Ritz steps of both stages solve small dense eigenproblems (levelsritz.c). */
#pragma once
#include <dwell/quantum.h>
#include <dwell/registry.h>

#define DW_LEVELS_WANTED 7 /* coarse levels bracketed: the 5 wanted and 2 to close clusters */
#define DW_BLOCK_MAX     4 /* largest cluster */

/* A discretised problem: x_j = xl + (j + 1) h, j = 0..n-1, walls at xl and xl + (n + 1) h;
   H = c (1, -16, 30, -16, 1) + diag(V) with c = kappa / (12 h^2), kappa = 1 / (2 mt d^2). */
typedef struct {
  PetscInt n;
  PetscReal xl, h, kappa, c;
  PetscReal *V;
} DWGrid;

/* Twisted LDL^T factorisation of H - sigma (no pivoting; tiny pivots are nudged) and its
   solves (hamiltonian.c): rows 0..p+1 from the top, p..n-1 from the bottom, 2 x 2 block p, p+1. */
typedef struct {
  PetscInt n, p;
  PetscReal sigma;
  /* 1/d and the L entries of the top rows j <= p+1 and of the bottom rows j >= p+2 */
  PetscReal *dinv, *l1, *l2;
  PetscReal bl1[2], bl2[2]; /* the bottom L entries of rows p and p + 1 */
  PetscReal Si[3];          /* inverse of the middle Schur complement S (00, 01, 11) */
} DWPenta;

PetscErrorCode DWPentaFactor(const DWGrid *g, PetscReal sigma, DWPenta *f, PetscInt *nneg);
/* Solves (H - sigma) X = B in place for k columns of length n. */
void DWPentaSolve(const DWPenta *f, PetscInt k, PetscReal X[]);
/* x^T H y in difference form: c (16 sum dx dy - sum DX DY) + sum V x y with dx, DX the
   first and second-neighbour differences (zero beyond the walls). */
PetscReal DWPentaForm(const DWGrid *g, const PetscReal x[], const PetscReal y[]);

/* levelsritz.c: small dense symmetric eigenproblems (k <= DW_BLOCK_MAX), column-major k x k. */
/* A = V diag(w) V^T by cyclic Jacobi, w ascending (A is destroyed). */
void DWSmallEigen(PetscInt k, PetscReal A[], PetscReal V[], PetscReal w[]);
/* G z = mu M z with M symmetric positive definite: mu ascending, Z M-orthonormal. */
PetscErrorCode DWSmallGenEigen(PetscInt k, const PetscReal G[], const PetscReal M[], PetscReal mu[],
                               PetscReal Z[]);

/* The coarse stage (levelscoarse.c): 3-point problem on its own grid, its clusters and vectors. */
typedef struct {
  DWGrid g;                      /* coarse grid (c unused: 3-point operator) */
  PetscReal *work;               /* (1 + DW_BLOCK_MAX) n */
  PetscReal e[DW_LEVELS_WANTED]; /* coarse levels (Ritz values where vectors exist) */
  PetscInt nclusters;
  PetscInt first[DW_LEVELS_WANTED + 1]; /* cluster c holds levels first[c]..first[c+1]-1 */
  PetscReal *X;                         /* coarse vectors, level k in X + k n */
  PetscInt nalloc;
} DWCoarse;

/* Coarse levels and clusters of the problem in cs->g (V filled), and the vectors of the
   clusters that hold the first `need` levels; omega is a level spacing scale for the first
   bracket. Levels without vectors keep their bracket midpoints in e. */
PetscErrorCode DWCoarseCompute(DWCoarse *cs, PetscReal omega, PetscInt need);
PetscErrorCode DWCoarseDestroy(DWCoarse *cs);
/* Linear interpolation of coarse vector k onto the points of g (zero outside). */
void DWCoarseInterpolate(const DWCoarse *cs, PetscInt k, const DWGrid *g, PetscReal x[]);
/* Sturm count of the coarse tridiagonal operator below s. */
PetscInt DWCoarseCount(const DWCoarse *cs, PetscReal s);

/* The fine stage (levelsfine.c): levels of the clusters 0..ncl-1 of cs on grid g. */
typedef struct {
  DWPenta f;
  PetscReal *X, *Y; /* DW_BLOCK_MAX n each */
  PetscInt nalloc;
  PetscInt iterations, factorizations;
} DWFine;

PetscErrorCode DWFineDestroy(DWFine *fs);
/* The levels of clusters 0..ncl-1, sorted ascending into levels[] (*nlev of them), and the
   splitting E = E_2 - E_1, from inside the first cluster when it holds both levels. */
PetscErrorCode DWFineSolve(DWFine *fs, const DWGrid *g, const DWCoarse *cs, PetscInt ncl,
                           PetscReal levels[], PetscInt *nlev, PetscReal *E);

struct _p_DWTunnel {
  MPI_Comm comm;
  PetscReal mt;
  PetscInt n_xi;
  PetscReal extension, rtol, monotone_tol;
  PetscBool check, require_dw;
  DWSplineEnds ends;
  char delta0[DW_REGISTRY_NAME_LEN]; /* Delta_0 convention (wkb.c) */
  PetscErrorCode (*delta0_fn)(DWTunnel, PetscReal *level, PetscReal *prefactor);
  /* the profile as given */
  PetscInt np;
  PetscReal *xi, *V, d;
  /* after setup: oriented spline and its ends (value, slope, curvature) */
  DWSpline spline;
  PetscBool setupcalled;
  PetscReal Vend[2], dVend[2], d2Vend[2];
  /* work */
  DWGrid grid, grid2; /* the solve's grid and the checks' grids */
  PetscInt gridalloc, grid2alloc;
  DWCoarse coarse;
  DWFine fine;
  DWTunnelResult result;
  PetscBool solved;
};

/* profile.c: the potential on a grid, the domain for (n, extension), the double-well checks. */
PetscReal DWTunnelPotential(const DWTunnel t, PetscReal x, PetscInt *k);
/* Points per unit of xi (even) that give about n points over the domain of `extension`. */
PetscInt DWTunnelGridResolution(DWTunnel t, PetscInt n, PetscReal extension);
/* The grid of spacing 1/m whose continuations span at least `extension` oscillator lengths. */
PetscErrorCode DWTunnelBuildGrid(DWTunnel t, PetscInt m, PetscReal extension, DWGrid *g,
                                 PetscInt *alloc);
PetscErrorCode DWTunnelAnalyseProfile(DWTunnel t);
/* wkb.c: omega_1, omega_2, Delta, S, Delta_0, Gamma into t->result (levels computed). */
PetscErrorCode DWTunnelComputeWKB(DWTunnel t);
/* wkb.c: the registry of Delta_0 conventions (jcp23, ll, garg) and its names "a, b, c". */
PetscErrorCode DWTunnelDelta0RegisterAll(void);
PetscErrorCode DWTunnelDelta0ListNames(char buf[], size_t len);
/* levels.c: levels and splitting on grid g (coarse stage included, verified by a count). */
PetscErrorCode DWTunnelComputeLevels(DWTunnel t, const DWGrid *g, PetscReal levels[], PetscReal *E);
/* levels.c: only the splitting, on another grid of the same potential, reusing the coarse stage. */
PetscErrorCode DWTunnelComputeSplitting(DWTunnel t, const DWGrid *g, PetscReal *E);

extern PetscLogEvent DW_TUNNEL_SOLVE;
