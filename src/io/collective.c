/* How the configuration readers and writers share the work among the ranks of a
   communicator: one rank writes a file and every rank learns whether it was written; every
   rank reads a text file, so a bad file is an error on every rank at once. */
#include "io/ioimpl.h"

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

PetscErrorCode DWReadTextFile(MPI_Comm comm, const char path[],
                              PetscErrorCode (*body)(MPI_Comm, const char[], FILE *, DWSystem *),
                              DWSystem *sys)
{
  FILE *fp = fopen(path, "r");
  PetscErrorCode ierr;

  PetscFunctionBegin;
  *sys = NULL;
  PetscCheck(fp, comm, PETSC_ERR_FILE_OPEN, "%s: cannot open", path);
  ierr = body(comm, path, fp, sys);
  fclose(fp);
  if (ierr) PetscCall(DWSystemDestroy(sys));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}
