/* dwell report DIR: the numbers of a campaign from DIR/library.h5 (include/dwell/report.h):
   N_g, N_IS, N_DW, N_TLS and their ratios ([JCP23] Table I) and n0 per T_f and unit set,
   as YAML on stdout and in DIR/report.yaml. Options: -dir DIR (the positional argument),
   -report_E_lo and -report_E_hi (the n0 window, in units of k_B T_Q). */
#include <dwell/report.h>
#include "app/commands.h"

PetscErrorCode DWCommandReport(MPI_Comm comm, PetscBool helponly)
{
  char dir[PETSC_MAX_PATH_LEN] = "";
  PetscReal E_lo, E_hi;
  DWReport r;

  PetscFunctionBegin;
  PetscCall(DWReportCreate(comm, &r));
  PetscCall(DWReportGetWindow(r, &E_lo, &E_hi));
  PetscOptionsBegin(comm, NULL, "dwell report: TLS statistics of DIR/library.h5", NULL);
  PetscCall(DWAppRequireString(comm, PetscOptionsObject, "-dir",
                               "campaign directory holding library.h5 (dwell report DIR)", dir,
                               sizeof(dir), helponly));
  PetscCall(PetscOptionsReal("-report_E_lo", "lower end of the n0 window, in units of k_B T_Q",
                             NULL, E_lo, &E_lo, NULL));
  PetscCall(PetscOptionsReal("-report_E_hi", "upper end of the n0 window, in units of k_B T_Q",
                             NULL, E_hi, &E_hi, NULL));
  PetscOptionsEnd();
  if (!helponly) {
    PetscCall(DWReportSetWindow(r, E_lo, E_hi));
    PetscCall(DWReportSetDirectory(r, dir));
    PetscCall(DWAppCheckUnusedOptions(comm));
    PetscCall(DWReportCompute(r));
    PetscCall(DWReportWrite(r));
  }
  PetscCall(DWReportDestroy(&r));
  PetscFunctionReturn(0);
}
