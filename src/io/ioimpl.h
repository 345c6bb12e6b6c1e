/* Shared helpers of the configuration readers and writers (private to src/io). */
#pragma once
#include <dwell/io.h>
#include <dwell/atomicfile.h>
#include <stdio.h>

/* What a configuration writer reads of a system. */
typedef struct {
  DWParticles p;
  PetscReal L; /* box edge, sigma */
  PetscInt nspecies;
  const char *model; /* "" when unknown */
  MPI_Comm comm;
} DWConfigView;

static inline PetscErrorCode DWConfigViewGet(DWSystem sys, DWConfigView *v)
{
  PetscFunctionBegin;
  PetscCall(DWSystemGetParticles(sys, &v->p));
  PetscCall(DWSystemGetBox(sys, &v->L));
  PetscCall(DWSystemGetNumSpecies(sys, &v->nspecies));
  PetscCall(DWSystemGetModelName(sys, &v->model));
  PetscCall(DWSystemGetComm(sys, &v->comm));
  PetscFunctionReturn(0);
}

/* Collective on comm. Runs write(path, ctx) on rank 0 and makes its failure every rank's
   error (rank 0 reports the cause, the others that the file was not written). */
PetscErrorCode DWWriteOnRankZero(MPI_Comm comm, const char path[],
                                 PetscErrorCode (*write)(const char[], void *), void *ctx);

/* Collective on sys. DWWriteOnRankZero() of write(path, sys) on the system's communicator. */
PetscErrorCode DWWriteSystemOnRankZero(DWSystem sys, const char path[],
                                       PetscErrorCode (*write)(const char[], void *));

/* Collective. Opens `path` (every rank reads) and runs body(comm, path, fp, sys); on error the
   partly read system is destroyed and *sys is NULL. */
PetscErrorCode DWReadTextFile(MPI_Comm comm, const char path[],
                              PetscErrorCode (*body)(MPI_Comm, const char[], FILE *, DWSystem *),
                              DWSystem *sys);
