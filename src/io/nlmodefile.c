/* The nonlinear-mode file of `dwell nlmode` (include/dwell/nlmode.h; [PRM21] eqs. 4-8): the
   configuration, the unit mode pi with kappa, U3, the cubic barrier V_3, P, the iterations, the
   outcome and the overlaps c, a with the given fields; written by rank 0 atomically. */
#include "io/ioimpl.h"
#include "io/h5check.h"
#include <dwell/nlmode.h>

typedef struct {
  DWNLMode m;
  DWSystem sys;
  const char *start;
  PetscInt nfields;
  const char *const *names;
  const PetscReal *c, *a;
  double *pi;
  PetscInt N;
} NLModeOut;

static PetscErrorCode WriteScalar(hid_t g, const char name[], double v, const char units[],
                                  const char description[])
{
  const hsize_t d1[1] = {1};

  PetscFunctionBegin;
  PetscCall(DWH5WriteDataset(g, name, H5T_NATIVE_DOUBLE, 1, d1, &v, units, description));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteInt(hid_t g, const char name[], long long v, const char description[])
{
  const hsize_t d1[1] = {1};

  PetscFunctionBegin;
  PetscCall(DWH5WriteDataset(g, name, H5T_NATIVE_LLONG, 1, d1, &v, "1", description));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteOverlaps(hid_t g, const NLModeOut *o)
{
  hid_t f;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < o->nfields; k++) {
    PetscCall(DWH5CreateGroup(g, o->names[k], &f));
    PetscCall(WriteScalar(f, "c", (double)o->c[k], "1",
                          "|r . pi| / (|r| |pi|), PRM21 eq. 7 (NaN: field not given)"));
    PetscCall(WriteScalar(f, "a", (double)o->a[k], "1",
                          "sum_i |r_i| |pi_i| / (|r| |pi|), PRM21 eq. 8 (NaN: field not given)"));
    DWCallHDF5(H5Gclose(f));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteGroup(hid_t file, const NLModeOut *o)
{
  DWNLModeResult r;
  hid_t g;
  const hsize_t d2[2] = {(hsize_t)o->N, 3};

  PetscFunctionBegin;
  PetscCall(DWNLModeGetResult(o->m, &r));
  PetscCall(DWH5CreateGroup(file, "nlmode", &g));
  PetscCall(DWH5WriteAttrString(g, "start", o->start));
  PetscCall(DWH5WriteAttrString(g, "reason", DWNLModeReasonName(r.reason)));
  PetscCall(DWH5WriteDataset(g, "pi", H5T_NATIVE_DOUBLE, 2, d2, o->pi, "1",
                             "unit nonlinear mode pi (N x 3), PRM21 eq. 6 fixed point (the last "
                             "iterate when not converged)"));
  PetscCall(WriteScalar(g, "kappa", (double)r.kappa, "eps/sigma^2", "M:pi pi = pi . H pi"));
  PetscCall(WriteScalar(g, "U3", (double)r.U3, "eps/sigma^3",
                        "U:pi pi pi, the third derivative of the energy along pi"));
  PetscCall(
      WriteScalar(g, "V3", (double)r.V3, "eps", "cubic barrier 2 kappa^3 / (3 U3^2) along pi"));
  PetscCall(WriteScalar(g, "P", (double)r.P, "1", "participation ratio of pi, PRM21 eq. 4"));
  PetscCall(
      WriteScalar(g, "change", (double)r.change, "1", "|pi_n - pi_{n-1}| of the last iteration"));
  PetscCall(WriteInt(g, "iterations", r.its, "iterations of PRM21 eq. 6"));
  PetscCall(WriteInt(g, "ksp_iterations", r.ksp_its, "CG iterations of all M^-1 solves"));
  PetscCall(WriteInt(g, "converged", r.reason == DW_NLMODE_CONVERGED,
                     "1 if |pi_n - pi_{n-1}| < rtol (attribute reason: the outcome)"));
  PetscCall(WriteOverlaps(g, o));
  DWCallHDF5(H5Gclose(g));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteNLMode(hid_t file, void *ctx)
{
  const NLModeOut *o = (const NLModeOut *)ctx;
  DWConfigView v;

  PetscFunctionBegin;
  PetscCall(DWConfigViewGet(o->sys, &v));
  PetscCall(DWH5WriteAttrString(file, "dwell_version", DWELL_VERSION));
  PetscCall(DWH5WriteAttrString(file, "description",
                                "cubic nonlinear mode of a configuration (dwell nlmode, PRM21 "
                                "eq. 6): /nlmode, /config"));
  PetscCall(DWH5WriteAttrString(file, "model", v.model));
  PetscCall(DWH5WriteAttrInt(file, "N", o->N));
  PetscCall(DWH5WriteAttrDouble(file, "box", (double)v.L));
  PetscCall(DWH5WriteAttrString(file, "box_units", "sigma"));
  PetscCall(DWH5WriteConfig(file, o->sys, "the inherent structure of the mode"));
  PetscCall(WriteGroup(file, o));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNLModeWriteFile(DWNLMode m, DWSystem sys, const char start[], PetscInt nfields,
                                 const char *const names[], const PetscReal c[],
                                 const PetscReal a[], const char path[])
{
  NLModeOut o = {m, sys, start, nfields, names, c, a, NULL, 0};
  PetscReal *pi;
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(DWSystemGetComm(sys, &comm));
  PetscCall(DWSystemGetSize(sys, &o.N));
  PetscCall(PetscMalloc2(3 * o.N, &pi, 3 * o.N, &o.pi));
  PetscCall(DWNLModeGetMode(m, pi));
  for (PetscInt i = 0; i < 3 * o.N; i++) o.pi[i] = pi[i];
  PetscCall(DWH5WriteOnRankZero(comm, path, WriteNLMode, &o));
  PetscCall(PetscFree2(pi, o.pi));
  PetscFunctionReturn(0);
}
