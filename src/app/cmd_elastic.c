/* dwell elastic: the zero-temperature elastic moduli of one inherent structure ([JCP23] sec.
   IV.C, eqs. 17-19, Fig. 10; include/dwell/elastic.h; issue 15): the Born term minus the
   non-affine correction from the Hessian (a KSP solve, no deformation), G and K with their
   parts, the sound speeds c_t and c_l, omega_t (eq. 18), omega_D (eq. 19) and, with
   -elastic_modes k > 0, A_4 of the k lowest modes below omega_t and A_4 omega_D^5. YAML on
   stdout, the moduli to -out (HDF5). A configuration that is not a minimum (|F|_inf >
   -elastic_gtol) and -elastic_modes < 0 are errors before any work. */
#include <dwell/elastic.h>
#include <dwell/io.h>
#include "app/commands.h"

typedef struct {
  char in[PETSC_MAX_PATH_LEN], out[PETSC_MAX_PATH_LEN];
} ElasticCmdOptions;

static PetscErrorCode ReadOptions(MPI_Comm comm, ElasticCmdOptions *o, PetscBool helponly)
{
  PetscFunctionBegin;
  PetscOptionsBegin(comm, NULL, "dwell elastic: elastic moduli of an inherent structure", NULL);
  PetscCall(DWAppRequireString(comm, PetscOptionsObject, "-in",
                               "inherent structure (.xyz, .data, .h5)", o->in, sizeof(o->in),
                               helponly));
  PetscCall(
      PetscOptionsString("-out", "elastic file (.h5)", NULL, o->out, o->out, sizeof(o->out), NULL));
  PetscOptionsEnd();
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckOut(MPI_Comm comm, const ElasticCmdOptions *o)
{
  DWFileFormat format;

  PetscFunctionBegin;
  if (!o->out[0]) PetscFunctionReturn(0);
  PetscCall(DWFileFormatFromName(comm, o->out, &format));
  PetscCheck(format == DW_FORMAT_HDF5, comm, PETSC_ERR_ARG_WRONG,
             "-out %s: the elastic file is HDF5 (.h5)", o->out);
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(MPI_Comm comm, DWElastic el, DWSystem sys, DWPotential pot,
                          const ElasticCmdOptions *o)
{
  PetscInt N;
  const char *model;

  PetscFunctionBegin;
  PetscCall(DWElasticSetPotential(el, pot, sys));
  PetscCall(DWElasticSetUp(el));
  PetscCall(DWElasticSolve(el));
  if (o->out[0]) PetscCall(DWElasticWriteFile(el, sys, o->out));
  PetscCall(DWSystemGetSize(sys, &N));
  PetscCall(DWSystemGetModelName(sys, &model));
  PetscCall(PetscPrintf(comm, "in: %s\nmodel: %s\nN: %" PetscInt_FMT "\n", o->in, model, N));
  PetscCall(DWElasticView(el, NULL));
  PetscCall(PetscPrintf(comm, "out: %s\n", o->out[0] ? o->out : "null"));
  PetscFunctionReturn(0);
}

PetscErrorCode DWCommandElastic(MPI_Comm comm, PetscBool helponly)
{
  ElasticCmdOptions o = {"", ""};
  DWPotential pot;
  DWElastic el;
  DWSystem sys = NULL;

  PetscFunctionBegin;
  PetscCall(DWPotentialCreate(comm, &pot));
  PetscCall(DWElasticCreate(comm, &el));
  PetscCall(ReadOptions(comm, &o, helponly));
  PetscCall(DWPotentialSetFromOptions(pot));
  PetscCall(DWElasticSetFromOptions(el));
  PetscCall(DWAppRequireModel(comm, pot, helponly));
  if (!helponly) {
    PetscCall(DWAppCheckUnusedOptions(comm));
    PetscCall(CheckOut(comm, &o));
    PetscCall(DWSystemLoad(comm, o.in, &sys));
    PetscCall(DWPotentialSetUp(pot, sys));
    PetscCall(Run(comm, el, sys, pot, &o));
  }
  PetscCall(DWSystemDestroy(&sys));
  PetscCall(DWElasticDestroy(&el));
  PetscCall(DWPotentialDestroy(&pot));
  PetscFunctionReturn(0);
}
