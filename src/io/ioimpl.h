/* Shared helpers of the configuration readers and writers. */
#pragma once
#include <dwell/io.h>
#include "core/systemimpl.h"
#include <stdio.h>

/* Opens `path`.tmp.<pid> for writing (rank 0 only); DWFileCommit closes and renames it
   over `path`, DWFileAbandon closes and removes it: no partial output file ever exists. */
typedef struct {
  FILE *fp;
  char  tmp[PETSC_MAX_PATH_LEN + 32];
  char  path[PETSC_MAX_PATH_LEN];
} DWOutFile;

PetscErrorCode DWFileOpenTemp(const char path[], DWOutFile *out);
PetscErrorCode DWFileCommit(DWOutFile *out);
void           DWFileAbandon(DWOutFile *out);
PetscErrorCode DWFileTempName(const char path[], char tmp[], size_t len);
/* Renames tmp over path; on failure removes tmp and errors naming path and the reason. */
PetscErrorCode DWFileRename(const char tmp[], const char path[]);

/* Species letter for index s (A = 0) and back; -1 for an unknown name. */
PetscInt DWSpeciesFromName(const char *name);

/* Collective. Runs write(sys, path) on rank 0 and makes its failure every rank's error. */
PetscErrorCode DWWriteOnRankZero(DWSystem sys, const char path[], PetscErrorCode (*write)(DWSystem, const char[]));

/* Collective. Opens `path` (every rank reads) and runs body(comm, path, fp, sys); on error the
   partly read system is destroyed and *sys is NULL. */
PetscErrorCode DWReadTextFile(MPI_Comm comm, const char path[], PetscErrorCode (*body)(MPI_Comm, const char[], FILE *, DWSystem *), DWSystem *sys);
