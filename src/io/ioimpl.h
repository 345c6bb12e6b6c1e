/* Shared helpers of the configuration readers and writers (private to src/io). */
#pragma once
#include <dwell/io.h>
#include <dwell/atomicfile.h>
#include "core/systemimpl.h"
#include <stdio.h>

/* Collective on comm. Runs write(path, ctx) on rank 0 and makes its failure every rank's
   error (rank 0 reports the cause, the others that the file was not written). */
PetscErrorCode DWWriteOnRankZero(MPI_Comm comm, const char path[],
                                 PetscErrorCode (*write)(const char[], void *), void *ctx);

/* Collective. Opens `path` (every rank reads) and runs body(comm, path, fp, sys); on error the
   partly read system is destroyed and *sys is NULL. */
PetscErrorCode DWReadTextFile(MPI_Comm comm, const char path[],
                              PetscErrorCode (*body)(MPI_Comm, const char[], FILE *, DWSystem *),
                              DWSystem *sys);
