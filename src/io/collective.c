/* How the configuration readers and writers share the work among the ranks of a
   communicator: one rank writes a file and every rank learns whether it was written; every
   rank reads a text file, so a bad file is an error on every rank at once. */
#include "io/ioimpl.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

PetscErrorCode DWWriteOnRankZero(MPI_Comm comm, const char path[],
                                 PetscErrorCode (*write)(const char[], void *), void *ctx)
{
  PetscMPIInt rank;
  PetscErrorCode ierr = 0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (!rank) ierr = write(path, ctx);
  PetscCallMPI(MPI_Bcast(&ierr, 1, MPI_INT, 0, comm));
  /* Rank 0 has reported the cause; the other ranks fail without a second message. */
  if (!rank) PetscCall(ierr);
  PetscCheck(!ierr, comm, PETSC_ERR_FILE_WRITE, "%s: not written (see the error on rank 0)", path);
  PetscFunctionReturn(0);
}

PetscErrorCode DWWriteSystemOnRankZero(DWSystem sys, const char path[],
                                       PetscErrorCode (*write)(const char[], void *))
{
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(DWSystemGetComm(sys, &comm));
  PetscCall(DWWriteOnRankZero(comm, path, write, sys));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCheckRegularFile(MPI_Comm comm, const char path[])
{
  struct stat st;

  PetscFunctionBegin;
  PetscCheck(!stat(path, &st), comm, PETSC_ERR_FILE_OPEN, "%s: cannot open (%s)", path,
             strerror(errno));
  PetscCheck(S_ISREG(st.st_mode), comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: not a regular file (a directory, FIFO or device cannot be a configuration)",
             path);
  PetscFunctionReturn(0);
}

PetscBool DWTextBlank(const char *s)
{
  for (; *s; s++)
    if (!isspace((unsigned char)*s)) return PETSC_FALSE;
  return PETSC_TRUE;
}

PetscErrorCode DWTextFileReadLine(DWTextFile *tf, const char what[], PetscBool *eof)
{
  size_t len = 0;
  int c      = EOF;

  PetscFunctionBegin;
  tf->lineno++;
  while ((c = getc_unlocked(tf->fp)) != EOF) {
    PetscCheck(c, tf->comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: line %" PetscInt_FMT ": NUL byte (a binary file, not a text configuration)",
               tf->path, tf->lineno);
    if (len + 2 > tf->cap) {
      PetscCheck(tf->cap < DW_IO_MAX_LINE, tf->comm, PETSC_ERR_FILE_UNEXPECTED,
                 "%s: line %" PetscInt_FMT " is longer than %d bytes (dwell's limit)", tf->path,
                 tf->lineno, DW_IO_MAX_LINE);
      tf->cap = PetscMin(PetscMax(2 * tf->cap, 256), (size_t)DW_IO_MAX_LINE);
      PetscCall(PetscRealloc(tf->cap, &tf->line));
    }
    tf->line[len++] = (char)c;
    if (c == '\n') break;
  }
  PetscCheck(!ferror(tf->fp), tf->comm, PETSC_ERR_FILE_READ,
             "%s: read error after line %" PetscInt_FMT, tf->path, tf->lineno - 1);
  if (!len) {
    PetscCheck(eof, tf->comm, PETSC_ERR_FILE_UNEXPECTED, "%s: truncated: the file ends before %s",
               tf->path, what);
    *eof = PETSC_TRUE;
    PetscFunctionReturn(0);
  }
  tf->line[len] = 0;
  if (eof) *eof = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWTextFileCheckCount(DWTextFile *tf, const char what[], long long n, PetscInt line,
                                    long long minline)
{
  const long long left = tf->size - (long long)ftell(tf->fp);

  PetscFunctionBegin;
  PetscCheck(n >= 1 && n <= DW_IO_MAX_PARTICLES, tf->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: line %" PetscInt_FMT ": %s %lld is not in 1..%d (dwell's limit)", tf->path, line,
             what, n, DW_IO_MAX_PARTICLES);
  PetscCheck(n <= left / minline, tf->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: line %" PetscInt_FMT ": %s %lld, but the %lld bytes after line %" PetscInt_FMT
             " hold at most %lld such lines (truncated file or wrong count?)",
             tf->path, line, what, n, left, tf->lineno, left / minline);
  PetscFunctionReturn(0);
}

PetscErrorCode DWTextFileParseInt(DWTextFile *tf, const char what[], const char tok[], long long lo,
                                  long long hi, long long *v)
{
  char *end;

  PetscFunctionBegin;
  errno = 0;
  *v    = strtoll(tok, &end, 10);
  PetscCheck(end != tok && (!*end || isspace((unsigned char)*end)), tf->comm,
             PETSC_ERR_FILE_UNEXPECTED, "%s: line %" PetscInt_FMT ": %s '%s' is not an integer",
             tf->path, tf->lineno, what, tok);
  PetscCheck(!errno && *v >= lo && *v <= hi, tf->comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s: line %" PetscInt_FMT ": %s %.*s is not in %lld..%lld", tf->path, tf->lineno, what,
             (int)(end - tok), tok, lo, hi);
  PetscFunctionReturn(0);
}

/* Opens a regular file for reading without blocking (a FIFO would block in fopen). */
static PetscErrorCode OpenRegular(MPI_Comm comm, const char path[], FILE **fp, long long *size)
{
  struct stat st;
  int fd = open(path, O_RDONLY | O_NONBLOCK);

  PetscFunctionBegin;
  PetscCheck(fd >= 0, comm, PETSC_ERR_FILE_OPEN, "%s: cannot open (%s)", path, strerror(errno));
  if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
    close(fd);
    SETERRQ(comm, PETSC_ERR_FILE_UNEXPECTED,
            "%s: not a regular file (a directory, FIFO or device cannot be a configuration)", path);
  }
  *size = (long long)st.st_size;
  *fp   = fdopen(fd, "r");
  if (!*fp) close(fd);
  PetscCheck(*fp, comm, PETSC_ERR_FILE_OPEN, "%s: cannot open", path);
  PetscFunctionReturn(0);
}

PetscErrorCode DWReadTextFile(MPI_Comm comm, const char path[],
                              PetscErrorCode (*body)(DWTextFile *, DWSystem *), DWSystem *sys)
{
  DWTextFile tf = {comm, path, NULL, 0, NULL, 0, 0};
  PetscErrorCode ierr;

  PetscFunctionBegin;
  *sys = NULL;
  PetscCall(OpenRegular(comm, path, &tf.fp, &tf.size));
  ierr = body(&tf, sys);
  fclose(tf.fp);
  PetscCall(PetscFree(tf.line));
  if (ierr) PetscCall(DWSystemDestroy(sys));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}
