/* Atomic output files: a writer writes under a temporary name and renames it over the
   target, so the target is always either the previous file or the complete new one, never a
   partial one (a failed write leaves no file behind). Not collective: one process writes
   (src/io/atomicfile.c; the HDF5 files of dwell use the same scheme, src/io/h5file.c). */
#pragma once
#include <petscsys.h>
#include <stdio.h>

/* A text file open under a temporary name (DWFileOpenTemp): write to fp; DWFileCommit closes
   it and renames it over `path`, DWFileAbandon closes and removes it. */
typedef struct {
  FILE *fp;
  char tmp[PETSC_MAX_PATH_LEN + 32];
  char path[PETSC_MAX_PATH_LEN];
} DWOutFile;

/* Opens `path`.tmp.<pid> for writing; errors naming path and the reason. */
PetscErrorCode DWFileOpenTemp(const char path[], DWOutFile *out);
/* Closes the file and renames it over path; a write or close error (disk full) removes it
   and is an error naming path. */
PetscErrorCode DWFileCommit(DWOutFile *out);
/* Closes and removes the temporary file (after an error). */
void DWFileAbandon(DWOutFile *out);
/* The temporary name `path`.tmp.<pid> into tmp[len]. */
PetscErrorCode DWFileTempName(const char path[], char tmp[], size_t len);
/* Removes the temporary files `path`.tmp.<pid> that a process of this host killed while
   writing left behind (those whose pid no longer exists); a live writer's file is kept. */
PetscErrorCode DWFileRemoveStaleTemps(const char path[]);
/* Renames tmp over path; on failure removes tmp and errors naming path and the reason. */
PetscErrorCode DWFileRename(const char tmp[], const char path[]);
/* Flushes a file, or a directory (its entries: a rename into it), to disk (fsync). */
PetscErrorCode DWFileSync(const char path[], PetscBool directory);
