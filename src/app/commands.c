/* The command table and helpers shared by the subcommands. */
#include "app/commands.h"
#include <dwell/io.h>
#include <dwell/options.h>
#include <dwell/minimizer.h>
#include <dwell/neb.h>
#include <dwell/modes.h>

const DWCommand DWCommands[] = {
    {"init", "write a random configuration of a model: -model NAME -N N -seed S -out FILE",
     DWCommandInit, NULL},
    {"eval", "energy, pressure and forces of a configuration: -model NAME -in FILE", DWCommandEval,
     NULL},
    {"minimize",
     "inherent structure of a configuration: -model NAME -in FILE -out FILE [-min_type %s]",
     DWCommandMinimize, DWMinimizerListTypes},
    {"tunnel", "quantum levels of a double-well profile: -profile FILE -d D -mass MT|-units NAME",
     DWCommandTunnel, NULL},
    {"glass",
     "prepare a glass: equilibrate at T_f (swap MC), prove it (F_s), quench: -model NAME -T_f X "
     "-seed S -out FILE",
     DWCommandGlass, NULL},
    {"explore",
     "IS library of one glass: isoconfigurational MD + minimisation: -in GLASS -model NAME -runs R "
     "-tau_cg X -tau_total Y -out FILE",
     DWCommandExplore, NULL},
    {"neb",
     "minimum energy paths and double wells between two IS: -model NAME -a A -b B [-out FILE] "
     "[-neb_type %s]",
     DWCommandNEB, DWNEBListTypes},
    {"modes",
     "normal modes of an inherent structure: -model NAME -in FILE [-k 50] [-out FILE.h5] "
     "[-modes_type %s]",
     DWCommandModes, DWModesListTypes},
    {"nlmode",
     "cubic nonlinear mode of an inherent structure (PRM21 eq. 6): -model NAME -in FILE "
     "-start B|-start_mode K [-out FILE.h5]",
     DWCommandNLMode, NULL},
    {"elastic",
     "elastic moduli of an inherent structure (Born - non-affine, JCP23 IV.C): -model NAME -in "
     "FILE [-elastic_modes K] [-out FILE.h5]",
     DWCommandElastic, NULL},
    {"pull",
     "mode pulling of an inherent structure (PRR20): A_c, |dr|, N_rearr, T_c: -model NAME -in "
     "FILE -pull_modes 0-49 [-out FILE.h5]",
     DWCommandPull, NULL},
    {"run",
     "run or resume a campaign: dwell run CAMPAIGN.yaml [-dir DIR] (mpirun -n P: rank 0 is the "
     "master)",
     DWCommandRun, NULL},
    {"status", "where a campaign stands, from its shards (also while it runs): dwell status DIR",
     DWCommandStatus, NULL},
    {"collect", "rebuild DIR/library.h5 from the shards with parallel HDF5: dwell collect DIR",
     DWCommandCollect, NULL},
    {"report", "N_g, N_IS, N_DW, N_TLS, n0 per T_f and mt from DIR/library.h5: dwell report DIR",
     DWCommandReport, NULL},
    {NULL, NULL, NULL, NULL}};

PetscErrorCode DWAppPrintCommands(MPI_Comm comm)
{
  char types[128], summary[256];

  PetscFunctionBegin;
  PetscCall(PetscPrintf(comm, "commands:\n"));
  for (const DWCommand *c = DWCommands; c->name; c++) {
    if (c->types) {
      PetscCall(c->types("|", types, sizeof(types)));
      PetscCall(PetscSNPrintf(summary, sizeof(summary), c->summary, types));
    } else
      PetscCall(PetscStrncpy(summary, c->summary, sizeof(summary)));
    PetscCall(PetscPrintf(comm, "  %-8s %s\n", c->name, summary));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWAppCheckUnusedOptions(MPI_Comm comm)
{
  PetscInt n;
  char **names, **values;

  PetscFunctionBegin;
  PetscCall(PetscOptionsLeftGet(NULL, &n, &names, &values));
  for (PetscInt k = 0; k < n; k++) {
    PetscCheck(DWOptionsIsRuntime(names[k]), comm, PETSC_ERR_ARG_WRONG,
               "unknown option -%s%s%s (run with -help for the list)", names[k],
               values[k] ? " " : "", values[k] ? values[k] : "");
  }
  PetscCall(PetscOptionsLeftRestore(NULL, &n, &names, &values));
  PetscFunctionReturn(0);
}

PetscErrorCode DWAppRequireString(MPI_Comm comm, PetscOptionItems *PetscOptionsObject,
                                  const char name[], const char text[], char value[], size_t len,
                                  PetscBool helponly)
{
  PetscBool set;

  PetscFunctionBegin;
  PetscCall(PetscOptionsString(name, text, NULL, value, value, len, &set));
  PetscCheck(set || helponly, comm, PETSC_ERR_ARG_NULL, "missing required option %s (%s)", name,
             text);
  PetscFunctionReturn(0);
}

PetscErrorCode DWAppRequireModel(MPI_Comm comm, DWPotential pot, PetscBool helponly)
{
  DWPotentialType type;

  PetscFunctionBegin;
  PetscCall(DWPotentialGetType(pot, &type));
  PetscCheck(type[0] || helponly, comm, PETSC_ERR_ARG_NULL,
             "missing required option -model (the pair potential)");
  PetscFunctionReturn(0);
}

PetscErrorCode DWAppLoadSystem(MPI_Comm comm, const char in[], DWPotential pot, DWSystem *sys)
{
  PetscFunctionBegin;
  PetscCall(DWAppCheckUnusedOptions(comm));
  PetscCall(DWSystemLoad(comm, in, sys));
  PetscCall(DWPotentialSetUp(pot, *sys));
  PetscFunctionReturn(0);
}
