/* Private layout of DWElastic (include/dwell/elastic.h). */
#pragma once
#include <dwell/elastic.h>
#include <petscksp.h>

struct _p_DWElastic {
  MPI_Comm comm;
  char *prefix;
  KSP ksp;         /* H^+ on the complement of the translations */
  DWModes modes;   /* the k lowest modes of the A_4 fit */
  PetscInt k;      /* -P_modes */
  PetscReal gtol;  /* a minimum: |F|_inf <= gtol */
  DWPotential pot; /* borrowed */
  DWSystem sys;    /* borrowed */
  DWNeighborList nl;
  PetscReal fmax;                 /* |F|_inf at the positions */
  PetscInt aqs_steps;             /* -P_aqs_steps (0: no AQS) */
  PetscReal aqs_dgamma, aqs_deps; /* AQS strain steps */
  DWMinimizer aqs_min;            /* prefix P_aqs_min_ */
  PetscBool setup, solved;
  DWElasticResult res;
};

/* Collective. The moduli from the Hessian (elasticsolve.c). */
PetscErrorCode DWElasticSolveMatrix(DWElastic el);
/* Not collective. G, K, their parts, c_t, c_l, omega_t, omega_D from C, C_born and sigma. */
void DWElasticDerive(DWElasticResult *r);
