/* Private layout of DWModes and its method ops table (include/dwell/modes.h). */
#pragma once
#include <dwell/modes.h>
#include <dwell/box.h>
#include <dwell/registry.h>
#include <slepceps.h>
#include <petscksp.h>

typedef struct _DWModesOps *DWModesOps;
struct _DWModesOps {
  /* the operator the EPS works on (a new reference: H itself, or e.g. a dense copy) */
  PetscErrorCode (*createoperator)(DWModes, Mat H, Mat *A);
  /* after EPSSetOperators, before EPSSolve (e.g. the choice of factorisation) */
  PetscErrorCode (*presolve)(DWModes);
  /* after EPSSetUp: the method's LDL^T factor F with an inertia (NULL: none), the matrix P =
     H - sigma I it factorised and sigma (modesinertia.c counts with it) */
  PetscErrorCode (*factor)(DWModes, Mat *F, Mat *P, PetscReal *sigma);
  /* after EPSSolve, before the modes are collected (e.g. why the solve stopped) */
  PetscErrorCode (*postsolve)(DWModes);
  PetscBool deflate; /* the zero modes go to EPSSetDeflationSpace */
};

struct _p_DWModes {
  MPI_Comm comm;
  char type[DW_REGISTRY_NAME_LEN];
  struct _DWModesOps ops[1];
  char *prefix;
  EPS eps;
  PetscInt k;                    /* modes asked for */
  PetscReal qlm_omega, qlm_pr;   /* quasi-localised: omega < qlm_omega and P_k < qlm_pr */
  PetscInt phonon_nmax;          /* plane waves 0 < |n| <= nmax */
  PetscReal phonon_Nm;           /* [PRR20] N_m */
  PetscBool check_count;         /* inertia check that no mode below the top one was missed */
  PetscReal dos_omega_c, dos_ct; /* A_4 window: omega_c, or 2 pi c_t / L (0: not set) */
  PetscReal dos_O_phonon;        /* a phonon: O_k >= dos_O_phonon */
  PetscInt dos_bins;             /* histogram of D(omega) on [0, omega_max] */
  Mat H;                         /* referenced */
  Mat A;                         /* the EPS operator of the pending or last solve */
  PetscBool setup;               /* the EPS is set up for H and k (DWModesSetUp), not yet solved */
  Mat F, P;         /* after EPSSetUp, ops->factor's LDL^T factor and its matrix (borrowed; NULL) */
  PetscReal fshift; /* the shift whose LDL^T values F holds now */
  Mat Acount;       /* H - sigma I of a count refactorised into F (H's pattern) */
  PetscInt nnull;
  PetscReal *null; /* nnull x n */
  PetscReal L, *x; /* box edge and positions of O_k (x NULL: no O_k) */
  DWBox box;       /* the (triclinic) box of the plane waves of O_k */
  /* the last solve */
  PetscReal ritz_min; /* lobpcg: the smallest Ritz value of the solve so far */
  PetscInt nmodes;
  Vec *e;
  DWModeInfo *info;
};

/* The zero modes as Vecs of H's layout (NULL when none); the caller destroys them. */
PetscErrorCode DWModesNullVecs(DWModes modes, Vec **vecs);
/* Collective on e. The participation ratio 1 / (N sum_i |e_i|^4) of e / |e| ([PRR20] eq. 4,
   [PRM21] eq. 4), blocks of bs coordinates (N = n / bs). */
PetscErrorCode DWModesVecParticipationRatio(Vec e, PetscInt bs, PetscReal *P);
/* Fills P_k, O_k and the flag of every solved mode (src/modes/modesanalysis.c). */
PetscErrorCode DWModesAnalyse(DWModes modes);
/* After EPSSetUp: records the method's factor, its matrix and shift (modesinertia.c). */
PetscErrorCode DWModesFactorSetUp(DWModes modes);
/* The operator of the iterative methods: H itself (a new reference). */
PetscErrorCode DWModesCreateOperatorReference(DWModes modes, Mat H, Mat *A);

/* H^+ on the complement of the zero modes (src/modes/hessianksp.c), shared by DWNLMode and
   DWElastic. Collective. The defaults: CG, relative tolerance 1e-12, ICC (shifted positive
   definite) on one rank, block Jacobi on several. */
PetscErrorCode DWHessianKSPSetDefaults(KSP ksp);
/* Collective on H. The KSP's operator: a new shell *A on H carrying the nnull zero modes
   (orthonormal, n reals each, replicated) as its null space *ns; the preconditioner is built
   from H. The caller destroys *A and *ns, and removes *ns from right-hand sides and solutions. */
PetscErrorCode DWHessianKSPSetOperators(KSP ksp, Mat H, PetscInt nnull, const PetscReal null[],
                                        Mat *A, MatNullSpace *ns);
/* Not collective. The three translations of N particles, orthonormal: 3 x 3N reals (the caller
   frees them). */
PetscErrorCode DWTranslationModes(PetscInt N, PetscReal **null);
