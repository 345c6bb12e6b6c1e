/* Thermostats of DWMD (see include/dwell/md.h for the physics and references).
   Each is a pair of operators applied around the velocity-Verlet step, installed by its
   create function (registered by name in md.c, DWMDThermostatRegisterAll). */
#include "dynamics/mdimpl.h"

static PetscErrorCode Nothing(DWMD md)
{
  return 0;
}

const DWThermostatOps DWThermostatNVE = {DWMD_NVE, 3, Nothing, Nothing};

PetscErrorCode DWMDThermostatCreate_NVE(DWMD md)
{
  PetscFunctionBegin;
  md->thermo = &DWThermostatNVE;
  PetscFunctionReturn(0);
}

/* Berendsen: v <- lambda v, lambda^2 = 1 + (dt / tau_T) (T0 / T - 1), after each step. */
static PetscErrorCode BerendsenPost(DWMD md)
{
  const PetscReal T = DWMDTwiceKinetic(md) / DWMDDegreesOfFreedom(md);

  PetscFunctionBegin;
  if (T <= 0) PetscFunctionReturn(0);
  const PetscReal lambda = PetscSqrtReal(PetscMax(0.0, 1.0 + md->dt / md->tau_T * (md->T / T - 1.0)));
  for (PetscInt k = 0; k < 3 * md->N; k++) md->v[k] *= lambda;
  PetscFunctionReturn(0);
}

const DWThermostatOps DWThermostatBerendsen = {DWMD_BERENDSEN, 3, Nothing, BerendsenPost};

/* Berendsen's coupling time defaults to 1.0 tau (the others' to 0.1) unless one was set. */
PetscErrorCode DWMDThermostatCreate_Berendsen(DWMD md)
{
  PetscFunctionBegin;
  md->thermo = &DWThermostatBerendsen;
  if (!md->tau_T_set) md->tau_T = 1.0;
  PetscFunctionReturn(0);
}

/* Nose-Hoover half step (dt/2) of the Trotter splitting (MTK 1996, one thermostat):
   xi += G dt/4; v *= exp(-xi dt/2); eta += xi dt/2; xi += G dt/4, with
   G = (2K - g T) / Q and Q = g T tau_T^2. */
static PetscErrorCode NoseHooverHalf(DWMD md)
{
  const PetscReal g = DWMDDegreesOfFreedom(md), Q = g * md->T * md->tau_T * md->tau_T;
  PetscReal       twoK = DWMDTwiceKinetic(md);

  PetscFunctionBegin;
  md->xi += (twoK - g * md->T) / Q * 0.25 * md->dt;
  const PetscReal scale = PetscExpReal(-md->xi * 0.5 * md->dt);
  for (PetscInt k = 0; k < 3 * md->N; k++) md->v[k] *= scale;
  twoK *= scale * scale;
  md->eta += md->xi * 0.5 * md->dt;
  md->xi += (twoK - g * md->T) / Q * 0.25 * md->dt;
  PetscFunctionReturn(0);
}

const DWThermostatOps DWThermostatNoseHoover = {DWMD_NOSEHOOVER, 3, NoseHooverHalf, NoseHooverHalf};

PetscErrorCode DWMDThermostatCreate_NoseHoover(DWMD md)
{
  PetscFunctionBegin;
  md->thermo = &DWThermostatNoseHoover;
  PetscFunctionReturn(0);
}

/* Andersen: each particle collides with probability nu dt per step and gets a new
   velocity from Maxwell-Boltzmann at T. */
static PetscErrorCode AndersenPost(DWMD md)
{
  const PetscReal p = md->nu * md->dt, s = PetscSqrtReal(md->T);

  PetscFunctionBegin;
  for (PetscInt i = 0; i < md->N; i++) {
    if (DWRngUniform(&md->rng) >= p) continue;
    for (int c = 0; c < 3; c++) md->v[3 * i + c] = s * DWRngNormal(&md->rng);
  }
  PetscFunctionReturn(0);
}

const DWThermostatOps DWThermostatAndersen = {DWMD_ANDERSEN, 0, Nothing, AndersenPost};

PetscErrorCode DWMDThermostatCreate_Andersen(DWMD md)
{
  PetscFunctionBegin;
  md->thermo = &DWThermostatAndersen;
  PetscFunctionReturn(0);
}
