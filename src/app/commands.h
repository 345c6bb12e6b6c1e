/* The subcommands of `dwell`. Each command reads its options (printing them under -help)
   and then runs; a new command is one file plus one line in commands.c. */
#pragma once
#include <dwell/potential.h>
#include <dwell/system.h>
#include <dwell/screen.h>

typedef struct {
  const char *name;
  /* one line; with types, a format whose %s becomes the registered names joined by '|' */
  const char *summary;
  /* Collective. Reads the options; with -help only lists them and sets *run = PETSC_FALSE. */
  PetscErrorCode (*main)(MPI_Comm comm, PetscBool helponly);
  /* the registry listed in the summary (e.g. DWMinimizerListTypes), or NULL */
  PetscErrorCode (*types)(const char sep[], char buf[], size_t len);
} DWCommand;

extern const DWCommand DWCommands[];

/* Collective. Prints "commands:" and one line per command, the type lists generated from the
   registries (so after PetscInitialize). */
PetscErrorCode DWAppPrintCommands(MPI_Comm comm);

/* The process exit code when the command succeeds (dwell status: 3 while work remains). */
extern int DWAppExitCode;

/* Collective. Stops with an error naming the first option nobody read (a misspelt key). */
PetscErrorCode DWAppCheckUnusedOptions(MPI_Comm comm);
/* Collective. Errors unless -model was given (or only -help is asked for). */
PetscErrorCode DWAppRequireModel(MPI_Comm comm, DWPotential pot, PetscBool helponly);
/* Collective. Once every option is read: stops on an unknown one, then loads the
   configuration IN into *sys and sets pot up on it. */
PetscErrorCode DWAppLoadSystem(MPI_Comm comm, const char in[], DWPotential pot, DWSystem *sys);
/* Collective. Reads a required string option; errors naming it if absent. */
PetscErrorCode DWAppRequireString(MPI_Comm comm, PetscOptionItems *PetscOptionsObject,
                                  const char name[], const char text[], char value[], size_t len,
                                  PetscBool helponly);

/* Not collective, before PetscInitialize (src/app/optionsfile.c): checks a YAML options file
   (what: "campaign file", "options file") as PETSc will read it; nonzero with a one-line
   message in msg when it is missing, binary, not YAML, not a mapping, or gives a key twice. */
int DWAppCheckOptionsFileYAML(const char path[], const char what[], char msg[], size_t len);

/* Collective (src/app/cmd_nebcoarse.c). dwell neb -in FILE -neb_coarse: the coarse pass and
   (when kept, or always) the full NEB on the IS pairs of the double wells of a campaign library
   or path file; YAML per pair and totals. */
PetscErrorCode DWAppNEBCoarseLibrary(MPI_Comm comm, const char in[], const DWCoarseOptions *o,
                                     DWTunnel t, PetscBool always);

/* Not collective, but every rank of a campaign calls it first (src/app/logevents.c): the
   logging events of every package in one order, so that -log_view adds like with like. */
PetscErrorCode DWAppLogRegisterAll(void);

PetscErrorCode DWCommandEval(MPI_Comm comm, PetscBool helponly);
PetscErrorCode DWCommandInit(MPI_Comm comm, PetscBool helponly);
PetscErrorCode DWCommandMinimize(MPI_Comm comm, PetscBool helponly);
PetscErrorCode DWCommandTunnel(MPI_Comm comm, PetscBool helponly);
PetscErrorCode DWCommandGlass(MPI_Comm comm, PetscBool helponly);
PetscErrorCode DWCommandExplore(MPI_Comm comm, PetscBool helponly);
PetscErrorCode DWCommandNEB(MPI_Comm comm, PetscBool helponly);
PetscErrorCode DWCommandModes(MPI_Comm comm, PetscBool helponly);
PetscErrorCode DWCommandNLMode(MPI_Comm comm, PetscBool helponly);
PetscErrorCode DWCommandElastic(MPI_Comm comm, PetscBool helponly);
PetscErrorCode DWCommandPull(MPI_Comm comm, PetscBool helponly);
PetscErrorCode DWCommandRun(MPI_Comm comm, PetscBool helponly);
PetscErrorCode DWCommandStatus(MPI_Comm comm, PetscBool helponly);
PetscErrorCode DWCommandCollect(MPI_Comm comm, PetscBool helponly);
PetscErrorCode DWCommandReport(MPI_Comm comm, PetscBool helponly);
