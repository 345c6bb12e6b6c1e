/* Species-based pair models (tlj, ka2, ka, lj, harmonic): the pair parameters are
   symmetric matrices eps_ab, s_ab over species A, B, C, given on the command line as
   their upper triangles (-MODEL_eps AA,AB,AC,BB,BC,CC; with two species AA,AB,BB) and
   turned into per-pair constants by the model's fillpair(). */
#pragma once
#include "potential/potentialimpl.h"
#include "potential/radial.h"

/* LJ: e12, e6, a0 only (ka); POWER: with the smoothing polynomial (tlj, ka2);
   POWER_LINEAR: LJ with the linear term (lj); HARMONIC. */
typedef enum { DW_FORM_LJ, DW_FORM_POWER, DW_FORM_POWER_LINEAR, DW_FORM_HARMONIC } DWRadialForm;

typedef struct {
  PetscInt nspecies;
  PetscReal fraction[DW_MAX_SPECIES];              /* species ratios of new systems */
  PetscReal eps[DW_MAX_SPECIES][DW_MAX_SPECIES];   /* eps_ab, eps */
  PetscReal sigma[DW_MAX_SPECIES][DW_MAX_SPECIES]; /* s_ab, sigma */
  DWRadialForm form;
  void (*fillpair)(DWPairConst *, PetscReal eps, PetscReal s);
  DWPairConst pair[DW_MAX_SPECIES][DW_MAX_SPECIES];
  /* the same constants in columns, pair (a, b) at t = DW_MAX_SPECIES a + b (the kernels') */
  DWPairColumns col;
  PetscReal colstore[DW_PAIR_FIELDS * DW_MAX_SPECIES * DW_MAX_SPECIES];
} DWTyped;

/* Installs the typed-model ops on pot; takes ownership of t (freed by destroy). */
PetscErrorCode DWPotentialSetTypedOps(DWPotential pot, DWTyped *t);
/* Energy of particle i with its neighbours (the ops->particleenergy of typed models with a
   swap rule, which they install themselves). */
PetscReal DWTypedParticleEnergy(DWPotential pot, const DWParticles *p, PetscInt i, PetscInt n,
                                const PetscInt j[], const PetscReal r2[]);
/* Reads -MODEL_eps and -MODEL_sigma (the typed models' setfromoptions). */
PetscErrorCode DWTypedSetFromOptions(DWPotential pot, PetscOptionItems *PetscOptionsObject);
/* Sets a symmetric matrix from its upper triangle (row-major: AA, AB, AC, BB, BC, CC). */
void DWTypedSetMatrix(PetscInt nspecies, PetscReal m[DW_MAX_SPECIES][DW_MAX_SPECIES], const PetscReal upper[]);
