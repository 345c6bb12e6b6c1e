/* Private layout of DWMD and its thermostat ops table. */
#pragma once
#include <dwell/md.h>

typedef struct {
  const char *name;
  PetscInt    dof_removed; /* 3 when the total momentum is conserved, else 0 */
  /* half-step operators applied before and after the velocity-Verlet step */
  PetscErrorCode (*pre)(DWMD);
  PetscErrorCode (*post)(DWMD);
} DWThermostatOps;

struct _p_DWMD {
  MPI_Comm               comm;
  DWSystem               sys;
  DWPotential            pot;
  DWNeighborList         nl;
  const DWThermostatOps *thermo;
  PetscReal              dt, T, tau_T, nu;
  PetscBool              tau_T_set;
  PetscReal             *v, *f; /* 3N velocities and forces */
  PetscInt               N;
  PetscReal              xi, eta; /* Nose-Hoover friction and its time integral */
  PetscInt               step;
  DWRng                  rng;
  PetscBool              setup;
};

/* 2K = sum v^2 (unit masses) */
static inline PetscReal DWMDTwiceKinetic(DWMD md)
{
  PetscReal s = 0;
  for (PetscInt k = 0; k < 3 * md->N; k++) s += md->v[k] * md->v[k];
  return s;
}

static inline PetscReal DWMDDegreesOfFreedom(DWMD md)
{
  return (PetscReal)(3 * md->N - md->thermo->dof_removed);
}

extern const DWThermostatOps DWThermostatNVE, DWThermostatBerendsen, DWThermostatNoseHoover, DWThermostatAndersen;
/* The create functions of the registry (thermostat.c): each installs its ops table. */
PetscErrorCode DWMDThermostatCreate_NVE(DWMD);
PetscErrorCode DWMDThermostatCreate_Berendsen(DWMD);
PetscErrorCode DWMDThermostatCreate_NoseHoover(DWMD);
PetscErrorCode DWMDThermostatCreate_Andersen(DWMD);
