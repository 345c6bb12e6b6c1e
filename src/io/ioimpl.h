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

/* A text configuration file being read: lines of any length up to DW_IO_MAX_LINE bytes
   (DWTextFileReadLine), the line number of the last line read, and the file size that the
   counts a file announces are checked against before anything is allocated. */
typedef struct {
  MPI_Comm comm; /* errors are raised on it */
  const char *path;
  FILE *fp;
  long long size; /* bytes */
  char *line;     /* the last line read, NUL-terminated, with its newline */
  size_t cap;
  PetscInt lineno; /* of `line`, from 1 */
} DWTextFile;

/* The next line into tf->line; *eof (may be NULL: then the end is an error saying the file is
   truncated and what was expected, `what`) is PETSC_TRUE at the end of the file. A NUL byte
   (a binary file) or a line longer than DW_IO_MAX_LINE is an error naming the line. */
PetscErrorCode DWTextFileReadLine(DWTextFile *tf, const char what[], PetscBool *eof);
/* Checks a count n announced on line `line` (`what`, e.g. "number of particles") before it is
   used: 1 <= n <= DW_IO_MAX_PARTICLES, and the rest of the file can hold n lines of at least
   minline bytes each. */
PetscErrorCode DWTextFileCheckCount(DWTextFile *tf, const char what[], long long n, PetscInt line,
                                    long long minline);
/* The integer of the whole token tok (64 bits, no wrapping) in [lo, hi]; an error naming the
   line, `what` and the range otherwise. */
PetscErrorCode DWTextFileParseInt(DWTextFile *tf, const char what[], const char tok[], long long lo,
                                  long long hi, long long *v);
/* Whether a line holds only blanks. */
PetscBool DWTextBlank(const char *s);

/* Collective. Opens `path` (every rank reads; anything but a regular file is refused) and
   runs body(tf, sys); on error the partly read system is destroyed and *sys is NULL. */
PetscErrorCode DWReadTextFile(MPI_Comm comm, const char path[],
                              PetscErrorCode (*body)(DWTextFile *, DWSystem *), DWSystem *sys);
/* An error naming path unless it is a regular file (a FIFO would block in open, a device such
   as /dev/zero never ends); stat() does not block. */
PetscErrorCode DWCheckRegularFile(MPI_Comm comm, const char path[]);
