/* Molecular dynamics: velocity Verlet (Swope et al., J. Chem. Phys. 76, 637 (1982)) in
   reduced units (time tau = sigma sqrt(m / eps), all masses m = 1), with a thermostat
   chosen at run time (-md_thermostat):
     none        NVE; total momentum zero
     berendsen   velocity rescaling towards T with coupling time tau_T (Berendsen et al.,
                 J. Chem. Phys. 81, 3684 (1984)); not canonical, for quenches
     nosehoover  one Nose-Hoover thermostat, mass Q = g T tau_T^2, integrated by the
                 symmetric Trotter splitting of Martyna, Tuckerman, Klein (Mol. Phys. 87,
                 1117 (1996)); canonical; H' = K + U + Q xi^2/2 + g T eta is conserved
     andersen    each particle's velocity redrawn from Maxwell-Boltzmann with probability
                 nu dt per step (Andersen, J. Chem. Phys. 72, 2384 (1980)); canonical in all
                 3N velocity components, so the total momentum is not conserved
   The kinetic temperature is T = 2K/g with g = 3N - 3 degrees of freedom when the total
   momentum is conserved (none, berendsen, nosehoover) and g = 3N for andersen.
   Randomness comes from one DWRng stream set by the caller, so a trajectory is a
   deterministic function of (configuration, options, stream).

   A DWMD is sequential, replicated on the ranks of its communicator like its DWSystem. */
#pragma once
#include <dwell/potential.h>
#include <dwell/rng.h>

typedef struct _p_DWMD *DWMD;
typedef const char     *DWMDThermostatType;
#define DWMD_NVE        "none"
#define DWMD_BERENDSEN  "berendsen"
#define DWMD_NOSEHOOVER "nosehoover"
#define DWMD_ANDERSEN   "andersen"

typedef struct {
  PetscInt  step;
  PetscReal time;     /* tau */
  PetscReal T;        /* kinetic temperature, eps/k_B */
  PetscReal U;        /* potential energy per particle, eps */
  PetscReal K;        /* kinetic energy per particle, eps */
  PetscReal P;        /* pressure (N T_kin/V + W/V with the kinetic T of 3N dof), eps/sigma^3 */
  PetscReal H;        /* conserved quantity per particle (NVE: K + U; Nose-Hoover: H'), eps */
} DWMDObservables;

/* Collective. Defaults: dt = 0.005, no thermostat, T = 1, tau_T = 0.1 (berendsen: 1.0), nu = 1. */
PetscErrorCode DWMDCreate(MPI_Comm comm, DWMD *md);
PetscErrorCode DWMDDestroy(DWMD *md);
/* The system, model and neighbour list the dynamics moves (references, not copies). */
PetscErrorCode DWMDSetSystem(DWMD md, DWSystem sys, DWPotential pot, DWNeighborList nl);
PetscErrorCode DWMDSetTimeStep(DWMD md, PetscReal dt);
PetscErrorCode DWMDGetTimeStep(DWMD md, PetscReal *dt);
/* Errors on an unknown name, listing the registered ones. */
PetscErrorCode DWMDSetThermostat(DWMD md, DWMDThermostatType type);
PetscErrorCode DWMDGetThermostat(DWMD md, DWMDThermostatType *type);
/* Target temperature (eps/k_B), positive. */
PetscErrorCode DWMDSetTemperature(DWMD md, PetscReal T);
PetscErrorCode DWMDGetTemperature(DWMD md, PetscReal *T);
/* Berendsen / Nose-Hoover coupling time tau_T (tau); Andersen collision frequency nu (1/tau). */
PetscErrorCode DWMDSetCoupling(DWMD md, PetscReal tau_T, PetscReal nu);
PetscErrorCode DWMDGetCoupling(DWMD md, PetscReal *tau_T, PetscReal *nu);
/* The random stream of the thermostat and of velocity draws (copied). */
PetscErrorCode DWMDSetRng(DWMD md, const DWRng *rng);
PetscErrorCode DWMDGetRng(DWMD md, DWRng *rng);
/* Reads -md_dt, -md_thermostat, -md_T, -md_tau_T, -md_nu. */
PetscErrorCode DWMDSetFromOptions(DWMD md);
/* Computes the forces of the current positions. Call after changing positions, species
   or diameters behind the dynamics' back. */
PetscErrorCode DWMDSetUp(DWMD md);
/* Draws velocities from Maxwell-Boltzmann at temperature T (from the stream), removes the
   total momentum (except for andersen) and rescales to exactly T when `exact`. */
PetscErrorCode DWMDDrawVelocities(DWMD md, PetscReal T, PetscBool exact);
/* Velocities, 3N reals, owned by the DWMD (valid after DWMDSetUp). */
PetscErrorCode DWMDGetVelocities(DWMD md, PetscReal *v[]);
/* Advances nsteps velocity-Verlet steps. */
PetscErrorCode DWMDStep(DWMD md, PetscInt nsteps);
/* Instantaneous observables (computes the energy: not free). */
PetscErrorCode DWMDGetObservables(DWMD md, DWMDObservables *obs);
/* Relaxes the overlaps of a random configuration (pairs at 0.7 s_ij push with forces
   ~1e3-1e4): nsteps of Berendsen dynamics at temperature T with dt = 1e-3 and tau_T = 0.01,
   velocities redrawn first; the time step, thermostat and coupling are restored after. */
PetscErrorCode DWMDRelax(DWMD md, PetscReal T, PetscInt nsteps);
/* Thermostat state (xi, eta) and step counter, for checkpoints. */
PetscErrorCode DWMDGetState(DWMD md, PetscInt *step, PetscReal *xi, PetscReal *eta);
PetscErrorCode DWMDSetState(DWMD md, PetscInt step, PetscReal xi, PetscReal eta);
PetscErrorCode DWMDView(DWMD md, PetscViewer viewer);
/* Registry of thermostats: a new one is a create function that installs its ops (see
   src/dynamics/thermostat.c) plus one line in DWMDThermostatRegisterAll(). Not collective. */
PetscErrorCode DWMDThermostatRegister(const char name[], PetscErrorCode (*create)(DWMD));
PetscErrorCode DWMDThermostatRegisterAll(void);
/* Not collective. The names of the thermostats joined by sep (e.g. ", ") in buf. */
PetscErrorCode DWMDListThermostats(const char sep[], char buf[], size_t len);
