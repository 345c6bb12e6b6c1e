/* DWMD: velocity-Verlet molecular dynamics with thermostats (see include/dwell/md.h).
   One step: thermostat pre-operator; v += f dt/2; x += v dt; f = F(x); v += f dt/2;
   thermostat post-operator. Unit masses. */
#include "dynamics/mdimpl.h"
#include <dwell/registry.h>
#include <petscviewer.h>

static PetscLogEvent DW_MD_STEP;
static PetscFunctionList DWMDThermostatList;
static PetscBool DWMDThermostatRegisterAllCalled;

PetscErrorCode DWMDThermostatRegister(const char name[], PetscErrorCode (*create)(DWMD))
{
  PetscFunctionBegin;
  PetscCall(PetscFunctionListAdd(&DWMDThermostatList, name, create));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDThermostatRegisterAll(void)
{
  PetscFunctionBegin;
  if (DWMDThermostatRegisterAllCalled) PetscFunctionReturn(0);
  DWMDThermostatRegisterAllCalled = PETSC_TRUE;
  PetscCall(DWMDThermostatRegister(DWMD_NVE, DWMDThermostatCreate_NVE));
  PetscCall(DWMDThermostatRegister(DWMD_BERENDSEN, DWMDThermostatCreate_Berendsen));
  PetscCall(DWMDThermostatRegister(DWMD_NOSEHOOVER, DWMDThermostatCreate_NoseHoover));
  PetscCall(DWMDThermostatRegister(DWMD_ANDERSEN, DWMDThermostatCreate_Andersen));
  PetscCall(PetscLogEventRegister("DWMDStep", 0, &DW_MD_STEP));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDListThermostats(const char sep[], char buf[], size_t len)
{
  PetscFunctionBegin;
  PetscCall(DWMDThermostatRegisterAll());
  PetscCall(DWRegistryListNames(DWMDThermostatList, sep, buf, len));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDCreate(MPI_Comm comm, DWMD *md)
{
  PetscFunctionBegin;
  PetscCall(DWMDThermostatRegisterAll());
  PetscCall(PetscNew(md));
  (*md)->comm   = comm;
  (*md)->dt     = 0.005;
  (*md)->T      = 1.0;
  (*md)->tau_T  = 0.1;
  (*md)->nu     = 1.0;
  (*md)->thermo = &DWThermostatNVE;
  DWRngInit(&(*md)->rng, 0, DW_STAGE_GLASS, 0, 0);
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDDestroy(DWMD *md)
{
  PetscFunctionBegin;
  if (!*md) PetscFunctionReturn(0);
  PetscCall(PetscFree2((*md)->v, (*md)->f));
  PetscCall(PetscFree(*md));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDSetSystem(DWMD md, DWSystem sys, DWPotential pot, DWNeighborList nl)
{
  PetscInt N;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &N));
  md->sys   = sys;
  md->pot   = pot;
  md->nl    = nl;
  md->setup = PETSC_FALSE;
  if (md->N != N) {
    PetscCall(PetscFree2(md->v, md->f));
    md->N = N;
    PetscCall(PetscCalloc2(3 * md->N, &md->v, 3 * md->N, &md->f));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDSetTimeStep(DWMD md, PetscReal dt)
{
  PetscFunctionBegin;
  PetscCheck(dt > 0 && dt < 0.1, md->comm, PETSC_ERR_ARG_OUTOFRANGE, "time step dt = %g must lie in (0, 0.1) tau", (double)dt);
  md->dt = dt;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDGetTimeStep(DWMD md, PetscReal *dt)
{
  PetscFunctionBegin;
  *dt = md->dt;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDSetThermostat(DWMD md, DWMDThermostatType type)
{
  PetscErrorCode (*create)(DWMD);

  PetscFunctionBegin;
  PetscCall(DWRegistryFind(md->comm, DWMDThermostatList, "thermostat", type, &create));
  PetscCall(create(md));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDGetThermostat(DWMD md, DWMDThermostatType *type)
{
  PetscFunctionBegin;
  *type = md->thermo->name;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDSetTemperature(DWMD md, PetscReal T)
{
  PetscFunctionBegin;
  PetscCheck(T > 0 && PetscIsNormalReal(T), md->comm, PETSC_ERR_ARG_OUTOFRANGE, "temperature T = %g must be positive", (double)T);
  md->T = T;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDGetTemperature(DWMD md, PetscReal *T)
{
  PetscFunctionBegin;
  *T = md->T;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDSetCoupling(DWMD md, PetscReal tau_T, PetscReal nu)
{
  PetscFunctionBegin;
  PetscCheck(tau_T > 0, md->comm, PETSC_ERR_ARG_OUTOFRANGE, "thermostat coupling time tau_T = %g must be positive", (double)tau_T);
  PetscCheck(nu > 0, md->comm, PETSC_ERR_ARG_OUTOFRANGE, "Andersen collision frequency nu = %g must be positive", (double)nu);
  md->tau_T     = tau_T;
  md->tau_T_set = PETSC_TRUE;
  md->nu        = nu;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDGetCoupling(DWMD md, PetscReal *tau_T, PetscReal *nu)
{
  PetscFunctionBegin;
  if (tau_T) *tau_T = md->tau_T;
  if (nu) *nu = md->nu;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDSetRng(DWMD md, const DWRng *rng)
{
  PetscFunctionBegin;
  md->rng = *rng;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDGetRng(DWMD md, DWRng *rng)
{
  PetscFunctionBegin;
  *rng = md->rng;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDSetFromOptions(DWMD md)
{
  char type[DW_REGISTRY_NAME_LEN], known[256];
  PetscReal dt = md->dt, T = md->T, tau_T = md->tau_T, nu = md->nu;
  PetscBool set, tset;

  PetscFunctionBegin;
  PetscCall(DWMDListThermostats(", ", known, sizeof(known)));
  PetscCall(PetscStrncpy(type, md->thermo->name, sizeof(type)));
  PetscOptionsBegin(md->comm, NULL, "Molecular dynamics", "DWMD");
  PetscCall(PetscOptionsReal("-md_dt", "time step (tau)", "DWMDSetTimeStep", dt, &dt, NULL));
  PetscCall(PetscOptionsString("-md_thermostat", known, "DWMDSetThermostat", type, type,
                               sizeof(type), &set));
  PetscCall(PetscOptionsReal("-md_T", "thermostat temperature (eps/k_B)", "DWMDSetTemperature", T, &T, NULL));
  PetscCall(PetscOptionsReal("-md_tau_T", "Berendsen / Nose-Hoover coupling time (tau)", "DWMDSetCoupling", tau_T, &tau_T, &tset));
  PetscCall(PetscOptionsReal("-md_nu", "Andersen collision frequency (1/tau)", "DWMDSetCoupling", nu, &nu, NULL));
  PetscOptionsEnd();
  PetscCall(DWMDSetTimeStep(md, dt));
  if (set) PetscCall(DWMDSetThermostat(md, type));
  PetscCall(DWMDSetTemperature(md, T));
  {
    const PetscBool was_set = md->tau_T_set;
    PetscCall(DWMDSetCoupling(md, tau_T, nu));
    md->tau_T_set = (PetscBool)(was_set || tset);
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDSetUp(DWMD md)
{
  PetscFunctionBegin;
  PetscCheck(md->sys, md->comm, PETSC_ERR_ARG_WRONGSTATE, "call DWMDSetSystem() before DWMDSetUp()");
  PetscCall(DWPotentialComputeEnergyForces(md->pot, md->sys, md->nl, NULL, md->f, NULL, NULL));
  md->setup = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDDrawVelocities(DWMD md, PetscReal T, PetscBool exact)
{
  const PetscReal s = PetscSqrtReal(T);
  PetscReal       p[3] = {0, 0, 0};

  PetscFunctionBegin;
  PetscCheck(T >= 0, md->comm, PETSC_ERR_ARG_OUTOFRANGE, "temperature T = %g must be non-negative", (double)T);
  PetscCheck(md->v, md->comm, PETSC_ERR_ARG_WRONGSTATE, "call DWMDSetSystem() first");
  for (PetscInt k = 0; k < 3 * md->N; k++) md->v[k] = s * DWRngNormal(&md->rng);
  if (md->thermo->dof_removed) {
    for (PetscInt k = 0; k < 3 * md->N; k++) p[k % 3] += md->v[k];
    for (PetscInt k = 0; k < 3 * md->N; k++) md->v[k] -= p[k % 3] / md->N;
  }
  if (exact && T > 0) {
    const PetscReal scale = PetscSqrtReal(T * DWMDDegreesOfFreedom(md) / DWMDTwiceKinetic(md));
    for (PetscInt k = 0; k < 3 * md->N; k++) md->v[k] *= scale;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDGetVelocities(DWMD md, PetscReal *v[])
{
  PetscFunctionBegin;
  *v = md->v;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDStep(DWMD md, PetscInt nsteps)
{
  const PetscReal dt = md->dt, h = 0.5 * md->dt;
  PetscReal *x, *v = md->v, *f = md->f;

  PetscFunctionBegin;
  PetscCall(DWSystemGetPositions(md->sys, &x));
  if (!md->setup) PetscCall(DWMDSetUp(md));
  PetscCall(PetscLogEventBegin(DW_MD_STEP, 0, 0, 0, 0));
  for (PetscInt s = 0; s < nsteps; s++) {
    PetscCall(md->thermo->pre(md));
    for (PetscInt k = 0; k < 3 * md->N; k++) {
      v[k] += h * f[k];
      x[k] += dt * v[k];
    }
    PetscCall(DWPotentialComputeEnergyForces(md->pot, md->sys, md->nl, NULL, f, NULL, NULL));
    for (PetscInt k = 0; k < 3 * md->N; k++) v[k] += h * f[k];
    PetscCall(md->thermo->post(md));
    md->step++;
  }
  PetscCall(PetscLogEventEnd(DW_MD_STEP, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDGetObservables(DWMD md, DWMDObservables *obs)
{
  PetscReal U, W, V;

  PetscFunctionBegin;
  PetscCall(DWSystemGetVolume(md->sys, &V));
  PetscCall(DWPotentialComputeEnergyForces(md->pot, md->sys, md->nl, &U, NULL, &W, NULL));
  const PetscReal twoK = DWMDTwiceKinetic(md), g = DWMDDegreesOfFreedom(md);
  obs->step = md->step;
  obs->time = md->step * md->dt;
  obs->T    = twoK / g;
  obs->U    = U / md->N;
  obs->K    = 0.5 * twoK / md->N;
  obs->P    = (twoK / 3.0 + W) / V;
  obs->H    = obs->K + obs->U;
  if (md->thermo == &DWThermostatNoseHoover) {
    const PetscReal Q = g * md->T * md->tau_T * md->tau_T;
    obs->H += (0.5 * Q * md->xi * md->xi + g * md->T * md->eta) / md->N;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDGetState(DWMD md, PetscInt *step, PetscReal *xi, PetscReal *eta)
{
  PetscFunctionBegin;
  if (step) *step = md->step;
  if (xi) *xi = md->xi;
  if (eta) *eta = md->eta;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDSetState(DWMD md, PetscInt step, PetscReal xi, PetscReal eta)
{
  PetscFunctionBegin;
  md->step = step;
  md->xi   = xi;
  md->eta  = eta;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDView(DWMD md, PetscViewer viewer)
{
  PetscFunctionBegin;
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(md->comm, &viewer));
  PetscCall(PetscViewerASCIIPrintf(viewer, "DWMD: velocity Verlet, dt = %g tau, thermostat %s, T = %g, tau_T = %g, nu = %g, step %" PetscInt_FMT "\n", (double)md->dt, md->thermo->name, (double)md->T, (double)md->tau_T, (double)md->nu, md->step));
  PetscFunctionReturn(0);
}

PetscErrorCode DWMDRelax(DWMD md, PetscReal T, PetscInt nsteps)
{
  const DWThermostatOps *thermo = md->thermo;
  const PetscReal        dt = md->dt, T0 = md->T, tau_T = md->tau_T;
  const PetscBool        tau_set = md->tau_T_set;

  PetscFunctionBegin;
  md->thermo = &DWThermostatBerendsen;
  md->dt     = 1e-3;
  md->T      = T;
  md->tau_T  = 0.01;
  PetscCall(DWMDSetUp(md));
  PetscCall(DWMDDrawVelocities(md, T, PETSC_TRUE));
  PetscCall(DWMDStep(md, nsteps));
  md->thermo    = thermo;
  md->dt        = dt;
  md->T         = T0;
  md->tau_T     = tau_T;
  md->tau_T_set = tau_set;
  md->step      = 0;
  PetscFunctionReturn(0);
}
