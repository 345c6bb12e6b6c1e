/* dwell: find tunnelling two-level systems in computer glasses.
   Usage: dwell COMMAND [options]; dwell --help lists commands and every option.
   Prologue (initialise, pick the command), the command, epilogue (finalise). */
#include <petscsys.h>
#include <dwell/potential.h>
#include "app/commands.h"
#include <dwell/campaign.h>

/* The text PETSc prints first under -help (before its own options): what dwell is. The
   commands follow (DWAppPrintCommands), once PETSc is up: their type lists come from the
   registries. */
static const char help_text[] =
    "dwell: tunnelling two-level systems in computer glasses.\nusage: dwell COMMAND [-option "
    "value ...]   (dwell COMMAND -help: that command's options)\n";

/* A YAML file that PETSc would stop on (missing, binary, bad syntax, a key given twice) is
   not given to PetscInitialize: Run reports it as one line (src/app/optionsfile.c). */
static char file_error[1024];

/* Errors reach the user as one line naming the problem; -dwell_traceback restores
   PETSc's full traceback. */
static PetscErrorCode ErrorOneLine(MPI_Comm comm, int line, const char *func, const char *file,
                                   PetscErrorCode n, PetscErrorType p, const char *mess, void *ctx)
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

static PetscErrorCode Run(int argc, char **argv)
{
  const char *name     = (argc > 1 && argv[1][0] != '-') ? argv[1] : NULL;
  const DWCommand *cmd = FindCommand(name);
  PetscBool help, traceback = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "dwell", NULL);
  PetscCall(PetscOptionsBool("-dwell_traceback",
                             "on error, print PETSc's full traceback instead of one line", NULL,
                             traceback, &traceback, NULL));
  PetscOptionsEnd();
  if (!traceback) PetscCall(PetscPushErrorHandler(ErrorOneLine, NULL));
  PetscCheck(!file_error[0], PETSC_COMM_WORLD, PETSC_ERR_FILE_UNEXPECTED, "%s", file_error);
  if (!cmd && !help) PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s", help_text));
  if (!cmd || help) PetscCall(DWAppPrintCommands(PETSC_COMM_WORLD));
  if (!cmd) {
    PetscCheck(help || !name, PETSC_COMM_WORLD, PETSC_ERR_ARG_UNKNOWN_TYPE, "unknown command '%s'",
               name);
    PetscCheck(help, PETSC_COMM_WORLD, PETSC_ERR_ARG_NULL, "no command given");
    for (const DWCommand *c = DWCommands; c->name; c++) {
      PetscCall(PetscPrintf(PETSC_COMM_WORLD, "\n=== dwell %s ===\n", c->name));
      PetscCall(c->main(PETSC_COMM_WORLD, PETSC_TRUE));
    }
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "\n=== model parameters (-MODEL_eps, -MODEL_sigma: "
                                            "upper triangles AA,AB,... of the matrices) ===\n"));
    PetscCall(DWPotentialListOptions(PETSC_COMM_WORLD));
    PetscFunctionReturn(0);
  }
  PetscCall(cmd->main(PETSC_COMM_WORLD, help));
  PetscFunctionReturn(0);
}

/* The positional argument of the campaign commands becomes options: `dwell run FILE` reads
   FILE as the campaign (-options_file_yaml, first, so later options override its keys) and
   `dwell status|collect|report DIR` gets -dir DIR. */
static int Positional(int *argc, char ***argv)
{
  static char *args[256];
  const char *cmd = *argc > 2 ? (*argv)[1] : NULL, *arg = *argc > 2 ? (*argv)[2] : NULL;
  int n = 0;

  if (!cmd || !arg || arg[0] == '-' || *argc > 250) return 0;
  if (!strcmp(cmd, "run")) {
    args[n++] = (*argv)[0];
    args[n++] = (*argv)[1];
    if (!DWAppCheckOptionsFileYAML(arg, "campaign file", file_error, sizeof(file_error))) {
      args[n++] = (char *)"-options_file_yaml";
      args[n++] = (*argv)[2];
    }
    args[n++] = (char *)"-campaign_file";
    args[n++] = (*argv)[2];
  } else if (!strcmp(cmd, "status") || !strcmp(cmd, "collect") || !strcmp(cmd, "report")) {
    args[n++] = (*argv)[0];
    args[n++] = (*argv)[1];
    args[n++] = (char *)"-dir";
    args[n++] = (*argv)[2];
  } else
    return 0;
  for (int k = 3; k < *argc; k++) args[n++] = (*argv)[k];
  args[n] = NULL;
  *argc   = n;
  *argv   = args;
  return 0;
}

/* Every -options_file_yaml FILE of the command line, checked the same way; a bad one is
   removed from the arguments (the first error is kept). */
static void CheckOptionsFiles(int *argc, char **argv)
{
  char msg[sizeof(file_error)];

  for (int k = 1; k + 1 < *argc; k++) {
    if (strcmp(argv[k], "-options_file_yaml")) continue;
    if (!DWAppCheckOptionsFileYAML(argv[k + 1], "options file", msg, sizeof(msg))) continue;
    if (!file_error[0]) memcpy(file_error, msg, sizeof(msg));
    for (int j = k; j + 2 <= *argc; j++) argv[j] = argv[j + 2];
    *argc -= 2;
    k--;
  }
}

int main(int argc, char **argv)
{
  PetscErrorCode ierr;

  for (int k = 1; k < argc; k++)
    if (!strcmp(argv[k], "--help")) argv[k] = (char *)"-help";
  CheckOptionsFiles(&argc, argv);
  if (Positional(&argc, &argv)) return 1;
  PetscCall(PetscInitialize(&argc, &argv, NULL, help_text));
  ierr = Run(argc, argv);
  if (ierr && DWCampaignRunning()) MPI_Abort(PETSC_COMM_WORLD, 1); /* others may wait on us */
  if (ierr) {
    PetscFinalize();
    return 1;
  }
  PetscCall(PetscFinalize());
  return DWAppExitCode;
}
