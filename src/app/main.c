/* dwell: find tunnelling two-level systems in computer glasses.
   Usage: dwell COMMAND [options]; dwell --help lists commands and every option.
   Prologue (initialise, pick the command), the command, epilogue (finalise). */
#include <petscsys.h>
#include "app/commands.h"

static const char help[] = "dwell: tunnelling two-level systems in computer glasses.\n";

/* Errors reach the user as one line naming the problem; -dwell_traceback restores
   PETSc's full traceback. */
static PetscErrorCode ErrorOneLine(MPI_Comm comm, int line, const char *func, const char *file, PetscErrorCode n, PetscErrorType p, const char *mess, void *ctx)
{
  PetscMPIInt rank;

  if (p == PETSC_ERROR_INITIAL && mess) {
    MPI_Comm_rank(comm, &rank);
    if (!rank) fprintf(stderr, "dwell: error: %s\n", mess);
  }
  return n;
}

static const DWCommand *FindCommand(const char *name)
{
  for (const DWCommand *c = DWCommands; name && c->name; c++)
    if (!strcmp(c->name, name)) return c;
  return NULL;
}

static PetscErrorCode PrintUsage(MPI_Comm comm)
{
  PetscFunctionBegin;
  PetscCall(PetscPrintf(comm, "usage: dwell COMMAND [-option value ...]   (dwell COMMAND -help lists its options)\ncommands:\n"));
  for (const DWCommand *c = DWCommands; c->name; c++) PetscCall(PetscPrintf(comm, "  %-8s %s\n", c->name, c->summary));
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(int argc, char **argv)
{
  const char     *name = (argc > 1 && argv[1][0] != '-') ? argv[1] : NULL;
  const DWCommand *cmd = FindCommand(name);
  PetscBool       help, traceback = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-dwell_traceback", &traceback, NULL));
  if (!traceback) PetscCall(PetscPushErrorHandler(ErrorOneLine, NULL));
  if (!cmd) {
    PetscCall(PrintUsage(PETSC_COMM_WORLD));
    PetscCheck(help || !name, PETSC_COMM_WORLD, PETSC_ERR_ARG_UNKNOWN_TYPE, "unknown command '%s'", name);
    PetscCheck(help, PETSC_COMM_WORLD, PETSC_ERR_ARG_NULL, "no command given");
    for (const DWCommand *c = DWCommands; c->name; c++) {
      PetscCall(PetscPrintf(PETSC_COMM_WORLD, "\n=== dwell %s ===\n", c->name));
      PetscCall(c->main(PETSC_COMM_WORLD, PETSC_TRUE));
    }
    PetscFunctionReturn(0);
  }
  PetscCall(cmd->main(PETSC_COMM_WORLD, help));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscErrorCode ierr;

  for (int k = 1; k < argc; k++)
    if (!strcmp(argv[k], "--help")) argv[k] = (char *)"-help";
  PetscCall(PetscInitialize(&argc, &argv, NULL, help));
  ierr = Run(argc, argv);
  if (ierr) {
    PetscFinalize();
    return 1;
  }
  PetscCall(PetscFinalize());
  return 0;
}
