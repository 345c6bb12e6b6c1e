/* The particle system: N particles in a periodic box of edges L (units of sigma), a cube
   or a triclinic cell with tilts (include/dwell/box.h),
   each with a species index (A = 0, B = 1, C = 2) or, for polydisperse models, a
   diameter, and positions in reduced units. Positions are stored unwrapped (a particle
   that leaves the box keeps its continuous trajectory); distances always use the
   minimum image, so the box must satisfy r_cut < DWBoxHalfWidth() (L > 2 r_cut for a cube).

   A DWSystem is a sequential object replicated on every rank of its communicator:
   each rank holds all N particles. Calls are collective only where noted. */
#pragma once
#include <petscsys.h>
#include <dwell/box.h>

typedef struct _p_DWSystem *DWSystem;

/* The particle arrays and the box of a system, for loops over particles and pairs: fetch
   them once per call with DWSystemGetParticles(), then index the arrays (no call per
   particle). The arrays belong to the system and stay valid until DWSystemSetSize() or the
   first DWSystemUseDiameters(); their contents follow every change. */
typedef struct {
  PetscInt N;
  PetscReal *x;        /* 3N unwrapped positions x0 y0 z0 x1 ..., sigma */
  PetscInt *species;   /* N species indices */
  PetscReal *diameter; /* N diameters (sigma) of polydisperse models, else NULL */
  DWBox box;
} DWParticles;

#define DW_MAX_SPECIES 3
#define DW_MODEL_NAME_LEN 32

/* Collective. Creates an empty system; destroy with DWSystemDestroy(). */
PetscErrorCode DWSystemCreate(MPI_Comm comm, DWSystem *sys);
/* Not collective. Frees the system and sets *sys = NULL. */
PetscErrorCode DWSystemDestroy(DWSystem *sys);
/* Allocates arrays for N particles (positions zero, species 0, no diameters).
   N must be positive. */
PetscErrorCode DWSystemSetSize(DWSystem sys, PetscInt N);
PetscErrorCode DWSystemGetSize(DWSystem sys, PetscInt *N);
PetscErrorCode DWSystemGetComm(DWSystem sys, MPI_Comm *comm);
/* Not collective (call it alike on every rank). Box edge L (sigma), positive: the cube of
   edge L, tilts reset to zero. */
PetscErrorCode DWSystemSetBox(DWSystem sys, PetscReal L);
PetscErrorCode DWSystemGetBox(DWSystem sys, PetscReal *L);
/* Not collective, but every rank must set the same tilts (the system is replicated): the
   triclinic tilts (xy, xz, yz) (sigma) of the box of edge L set by DWSystemSetBox() (LAMMPS
   convention, see include/dwell/box.h). Errors, naming the values, unless each |tilt| <= L/2.
   The configuration files store the tilts (include/dwell/io.h). */
PetscErrorCode DWSystemSetBoxTilt(DWSystem sys, const PetscReal tilt[3]);
PetscErrorCode DWSystemGetBoxTilt(DWSystem sys, PetscReal tilt[3]);
/* Volume det h = L^3 (sigma^3). */
PetscErrorCode DWSystemGetVolume(DWSystem sys, PetscReal *V);
/* Number density N / V. */
PetscErrorCode DWSystemGetDensity(DWSystem sys, PetscReal *rho);
/* The model the configuration belongs to ("" when unknown, e.g. a LAMMPS data file). */
PetscErrorCode DWSystemSetModelName(DWSystem sys, const char name[]);
PetscErrorCode DWSystemGetModelName(DWSystem sys, const char *name[]);
/* Positions, 3N reals x0 y0 z0 x1 ...; the array belongs to the system. */
PetscErrorCode DWSystemGetPositions(DWSystem sys, PetscReal *x[]);
/* Species indices, N integers in [0, nspecies); the array belongs to the system. */
PetscErrorCode DWSystemGetSpecies(DWSystem sys, PetscInt *species[]);
PetscErrorCode DWSystemSetNumSpecies(DWSystem sys, PetscInt nspecies);
PetscErrorCode DWSystemGetNumSpecies(DWSystem sys, PetscInt *nspecies);
/* Polydisperse systems: allocates (on first call) and returns the diameters, N reals. */
PetscErrorCode DWSystemUseDiameters(DWSystem sys, PetscReal *diameter[]);
/* Diameters, or NULL if the system has none. */
PetscErrorCode DWSystemGetDiameters(DWSystem sys, PetscReal *diameter[]);
/* Collective on the new system's communicator. Deep copy. */
PetscErrorCode DWSystemDuplicate(DWSystem sys, DWSystem *copy);
/* Not collective. PETSC_TRUE when N, box, species, diameters, model and positions are
   bitwise identical. */
PetscErrorCode DWSystemEqual(DWSystem a, DWSystem b, PetscBool *equal);
/* Not collective. The particle arrays and the box (see DWParticles). */
PetscErrorCode DWSystemGetParticles(DWSystem sys, DWParticles *p);
/* Minimum-image separation vector d = x_i - x_j. */
PetscErrorCode DWSystemMinimumImage(DWSystem sys, PetscInt i, PetscInt j, PetscReal d[3]);
/* Collective. Prints N, box, density, species counts. */
PetscErrorCode DWSystemView(DWSystem sys, PetscViewer viewer);
