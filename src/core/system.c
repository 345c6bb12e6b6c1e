/* DWSystem: particles in a periodic (cubic or triclinic) box (see include/dwell/system.h). */
#include "core/systemimpl.h"
#include <petscviewer.h>

PetscErrorCode DWSystemCreate(MPI_Comm comm, DWSystem *sys)
{
  PetscFunctionBegin;
  PetscCall(PetscNew(sys));
  (*sys)->comm     = comm;
  (*sys)->nspecies = 1;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemDestroy(DWSystem *sys)
{
  PetscFunctionBegin;
  if (!*sys) PetscFunctionReturn(0);
  PetscCall(PetscFree((*sys)->x));
  PetscCall(PetscFree((*sys)->species));
  PetscCall(PetscFree((*sys)->diameter));
  PetscCall(PetscFree(*sys));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemSetSize(DWSystem sys, PetscInt N)
{
  PetscFunctionBegin;
  PetscCheck(N > 0, sys->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "number of particles N = %" PetscInt_FMT " must be positive", N);
  PetscCall(PetscFree(sys->x));
  PetscCall(PetscFree(sys->species));
  PetscCall(PetscFree(sys->diameter));
  sys->N = N;
  PetscCall(PetscCalloc1(3 * N, &sys->x));
  PetscCall(PetscCalloc1(N, &sys->species));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemGetSize(DWSystem sys, PetscInt *N)
{
  PetscFunctionBegin;
  *N = sys->N;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemGetComm(DWSystem sys, MPI_Comm *comm)
{
  PetscFunctionBegin;
  *comm = sys->comm;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemSetBox(DWSystem sys, PetscReal L)
{
  PetscFunctionBegin;
  PetscCheck(L > 0 && PetscIsNormalReal(L), sys->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "box edge L = %g must be positive and finite", (double)L);
  DWBoxSetCubic(&sys->box, L);
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemGetBox(DWSystem sys, PetscReal *L)
{
  PetscFunctionBegin;
  *L = sys->box.L;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemSetBoxTilt(DWSystem sys, const PetscReal tilt[3])
{
  const PetscReal L = sys->box.L;

  PetscFunctionBegin;
  PetscCheck(L > 0, sys->comm, PETSC_ERR_ARG_WRONGSTATE,
             "call DWSystemSetBox() before DWSystemSetBoxTilt()");
  for (int k = 0; k < 3; k++)
    PetscCheck(PetscIsNormalReal(tilt[k]) || tilt[k] == 0, sys->comm, PETSC_ERR_ARG_OUTOFRANGE,
               "box tilt %s = %g must be finite",
               k == 0   ? "xy"
               : k == 1 ? "xz"
                        : "yz",
               (double)tilt[k]);
  PetscCheck(DWBoxTiltValid(L, tilt), sys->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "box tilts (xy, xz, yz) = (%g, %g, %g) sigma: each must be within +-L/2 = %g sigma "
             "for the minimum image",
             (double)tilt[0], (double)tilt[1], (double)tilt[2], (double)(0.5 * L));
  DWBoxSetTriclinic(&sys->box, L, tilt);
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemGetBoxTilt(DWSystem sys, PetscReal tilt[3])
{
  PetscFunctionBegin;
  tilt[0] = sys->box.xy;
  tilt[1] = sys->box.xz;
  tilt[2] = sys->box.yz;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemGetVolume(DWSystem sys, PetscReal *V)
{
  PetscFunctionBegin;
  *V = DWBoxVolume(&sys->box);
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemGetDensity(DWSystem sys, PetscReal *rho)
{
  PetscReal V;

  PetscFunctionBegin;
  PetscCall(DWSystemGetVolume(sys, &V));
  *rho = sys->N / V;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemSetModelName(DWSystem sys, const char name[])
{
  PetscFunctionBegin;
  PetscCall(PetscStrncpy(sys->model, name ? name : "", sizeof(sys->model)));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemGetModelName(DWSystem sys, const char *name[])
{
  PetscFunctionBegin;
  *name = sys->model;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemGetPositions(DWSystem sys, PetscReal *x[])
{
  PetscFunctionBegin;
  *x = sys->x;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemGetSpecies(DWSystem sys, PetscInt *species[])
{
  PetscFunctionBegin;
  *species = sys->species;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemSetNumSpecies(DWSystem sys, PetscInt nspecies)
{
  PetscFunctionBegin;
  PetscCheck(nspecies >= 1 && nspecies <= DW_MAX_SPECIES, sys->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "number of species %" PetscInt_FMT " not in [1, %d]", nspecies, DW_MAX_SPECIES);
  sys->nspecies = nspecies;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemGetNumSpecies(DWSystem sys, PetscInt *nspecies)
{
  PetscFunctionBegin;
  *nspecies = sys->nspecies;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemUseDiameters(DWSystem sys, PetscReal *diameter[])
{
  PetscFunctionBegin;
  PetscCheck(sys->N > 0, sys->comm, PETSC_ERR_ARG_WRONGSTATE,
             "call DWSystemSetSize() before DWSystemUseDiameters()");
  if (!sys->diameter) PetscCall(PetscCalloc1(sys->N, &sys->diameter));
  *diameter = sys->diameter;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemGetDiameters(DWSystem sys, PetscReal *diameter[])
{
  PetscFunctionBegin;
  *diameter = sys->diameter;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemDuplicate(DWSystem sys, DWSystem *copy)
{
  DWSystem c;

  PetscFunctionBegin;
  PetscCall(DWSystemCreate(sys->comm, &c));
  PetscCall(DWSystemSetSize(c, sys->N));
  c->box      = sys->box;
  c->nspecies = sys->nspecies;
  PetscCall(PetscArraycpy(c->x, sys->x, 3 * sys->N));
  PetscCall(PetscArraycpy(c->species, sys->species, sys->N));
  if (sys->diameter) {
    PetscReal *d;
    PetscCall(DWSystemUseDiameters(c, &d));
    PetscCall(PetscArraycpy(d, sys->diameter, sys->N));
  }
  PetscCall(PetscStrncpy(c->model, sys->model, sizeof(c->model)));
  *copy = c;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemEqual(DWSystem a, DWSystem b, PetscBool *equal)
{
  PetscBool same;

  PetscFunctionBegin;
  *equal = PETSC_FALSE;
  if (a->N != b->N || a->box.L != b->box.L || a->box.xy != b->box.xy || a->box.xz != b->box.xz ||
      a->box.yz != b->box.yz || a->nspecies != b->nspecies)
    PetscFunctionReturn(0);
  if (!a->diameter != !b->diameter) PetscFunctionReturn(0);
  PetscCall(PetscStrcmp(a->model, b->model, &same));
  if (!same) PetscFunctionReturn(0);
  PetscCall(PetscArraycmp(a->x, b->x, 3 * a->N, &same));
  if (!same) PetscFunctionReturn(0);
  PetscCall(PetscArraycmp(a->species, b->species, a->N, &same));
  if (!same) PetscFunctionReturn(0);
  if (a->diameter) PetscCall(PetscArraycmp(a->diameter, b->diameter, a->N, &same));
  *equal = same;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemGetParticles(DWSystem sys, DWParticles *p)
{
  PetscFunctionBegin;
  p->N        = sys->N;
  p->x        = sys->x;
  p->species  = sys->species;
  p->diameter = sys->diameter;
  p->box      = sys->box;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemMinimumImage(DWSystem sys, PetscInt i, PetscInt j, PetscReal d[3])
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < 3; k++) d[k] = sys->x[3 * i + k] - sys->x[3 * j + k];
  DWBoxMinimumImage(&sys->box, d);
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemView(DWSystem sys, PetscViewer viewer)
{
  PetscInt count[DW_MAX_SPECIES] = {0};
  PetscReal rho;

  PetscFunctionBegin;
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(sys->comm, &viewer));
  PetscCall(DWSystemGetDensity(sys, &rho));
  for (PetscInt i = 0; i < sys->N; i++) count[sys->species[i]]++;
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "DWSystem: model %s, N = %" PetscInt_FMT ", L = %.10g sigma, rho = %.6g sigma^-3\n",
      sys->model[0] ? sys->model : "(unknown)", sys->N, (double)sys->box.L, (double)rho));
  if (sys->box.tilted)
    PetscCall(PetscViewerASCIIPrintf(
        viewer, "  triclinic tilts xy = %.10g, xz = %.10g, yz = %.10g sigma\n", (double)sys->box.xy,
        (double)sys->box.xz, (double)sys->box.yz));
  if (sys->diameter)
    PetscCall(PetscViewerASCIIPrintf(viewer, "  polydisperse diameters\n"));
  else {
    for (PetscInt s = 0; s < sys->nspecies; s++)
      PetscCall(PetscViewerASCIIPrintf(viewer, "  species %c: %" PetscInt_FMT "\n", (char)('A' + s),
                                       count[s]));
  }
  PetscFunctionReturn(0);
}
