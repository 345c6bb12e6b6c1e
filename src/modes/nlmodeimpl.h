/* Private layout of DWNLMode (include/dwell/nlmode.h). */
#pragma once
#include <dwell/nlmode.h>

struct _p_DWNLMode {
  MPI_Comm comm;
  char *prefix;
  KSP ksp;
  PetscReal rtol; /* |pi_{n+1} - pi_n| < rtol */
  PetscInt maxit;
  PetscReal gtol; /* particle minimum: |F|_inf <= gtol */
  Mat H;          /* the Hessian M (referenced) */
  Mat A;          /* shell on H carrying the zero modes as its null space: the KSP's operator */
  MatNullSpace ns;
  PetscBool ksp_setup; /* the KSP's preconditioner is built for H */
  DWNLModeThirdOrderFn third;
  void *third_ctx;
  /* DWNLModeSetPotential */
  DWPotential pot;
  DWSystem sys;
  DWNeighborList nl;
  PetscReal fmax; /* |F|_inf at the positions (-1: not a particle minimum) */
  /* iteration state and the last solve */
  Vec pi, b, x, prev; /* distributed: the mode, U:pi pi, M^-1 U:pi pi, pi of the step before */
  Vec all;            /* pi replicated */
  VecScatter toall;   /* pi -> all */
  PetscReal *p, *Upp; /* replicated n reals */
  DWNLModeResult res;
  PetscBool solved;
};

/* Collective. pi replicated into m->p (nlmode.c). */
PetscErrorCode DWNLModeGatherMode(DWNLMode m);
