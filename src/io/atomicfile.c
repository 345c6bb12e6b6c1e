/* Atomic output files (include/dwell/atomicfile.h): write under `path`.tmp.<pid>, then
   rename(2) over path, which POSIX makes atomic within one file system; fsync(2) of the file
   and of its directory makes the result survive a crash of the machine. */
#include <dwell/atomicfile.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

PetscErrorCode DWFileTempName(const char path[], char tmp[], size_t len)
{
  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(tmp, len, "%s.tmp.%d", path, (int)getpid()));
  PetscFunctionReturn(0);
}

PetscErrorCode DWFileOpenTemp(const char path[], DWOutFile *out)
{
  PetscFunctionBegin;
  PetscCall(PetscStrncpy(out->path, path, sizeof(out->path)));
  PetscCall(DWFileTempName(path, out->tmp, sizeof(out->tmp)));
  out->fp = fopen(out->tmp, "w");
  PetscCheck(out->fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot create file (%s)",
             out->path, strerror(errno));
  PetscFunctionReturn(0);
}

PetscErrorCode DWFileCommit(DWOutFile *out)
{
  PetscBool ok = (PetscBool)(!ferror(out->fp));

  PetscFunctionBegin;
  ok      = (PetscBool)(!fclose(out->fp) && ok);
  out->fp = NULL;
  if (!ok) remove(out->tmp);
  PetscCheck(ok, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: write failed (disk full?)", out->path);
  PetscCall(DWFileRename(out->tmp, out->path));
  PetscFunctionReturn(0);
}

/* Whether the pid that the suffix of a temporary name gives is no process of this host. */
static PetscBool WriterGone(const char name[], size_t prefix)
{
  char *end;
  const long pid = strtol(name + prefix, &end, 10);

  if (*end || pid <= 0 || pid != (pid_t)pid) return PETSC_FALSE;
  return (PetscBool)(kill((pid_t)pid, 0) && errno == ESRCH);
}

PetscErrorCode DWFileRemoveStaleTemps(const char path[])
{
  char pattern[PETSC_MAX_PATH_LEN + 32], prefix[PETSC_MAX_PATH_LEN + 32];
  glob_t g;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(prefix, sizeof(prefix), "%s.tmp.", path));
  PetscCall(PetscSNPrintf(pattern, sizeof(pattern), "%s*", prefix));
  if (glob(pattern, GLOB_NOSORT | GLOB_NOESCAPE, NULL, &g)) PetscFunctionReturn(0);
  for (size_t k = 0; k < g.gl_pathc; k++)
    if (!strncmp(g.gl_pathv[k], prefix, strlen(prefix)) /* glob characters in path */
        && WriterGone(g.gl_pathv[k], strlen(prefix)))
      remove(g.gl_pathv[k]);
  globfree(&g);
  PetscFunctionReturn(0);
}

PetscErrorCode DWFileRename(const char tmp[], const char path[])
{
  PetscFunctionBegin;
  if (rename(tmp, path)) {
    const int err = errno;
    remove(tmp);
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: cannot create file (%s)", path,
            strerror(err));
  }
  PetscFunctionReturn(0);
}

void DWFileAbandon(DWOutFile *out)
{
  if (out->fp) fclose(out->fp);
  out->fp = NULL;
  remove(out->tmp);
}

PetscErrorCode DWFileSync(const char path[], PetscBool directory)
{
  const int fd = open(path, directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  int failed;

  PetscFunctionBegin;
  PetscCheck(fd >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "%s: cannot open for fsync (%s)", path,
             strerror(errno));
  failed = fsync(fd) ? errno : 0;
  close(fd);
  PetscCheck(!failed, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "%s: fsync failed (%s)", path,
             strerror(failed));
  PetscFunctionReturn(0);
}
