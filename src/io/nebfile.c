/* The path file of `dwell neb` (HDF5; DESIGN.md section 6): the double-well records of a
   DWNEB solve (include/dwell/dw.h), every dataset with `units` and `description`:
     /            dwell_version, description, model, N, box, neb_type, neb_images,
                  neb_spring, neb_ftol, status, nsplits (attributes)
     /config      the system (species, box, model; readable by DWSystemReadHDF5)
     /is          energy (n_IS, eps), positions (n_IS x N x 3, sigma, unwrapped):
                  the inherent structures, 0 = a, 1 = b, then the intermediate minima
     /dw          one dataset per scalar of the record (n_DW rows): is_a, is_b, E_a, E_b, dV,
                  V_a, V_b, d, r_AB, PR, PR_c, d_sqrtPR, omega_1, omega_2, omega_TS, xi_TS,
                  converged, iterations, force_evaluations, f_perp, f_climb and the saddle check
     /paths/dw_K  the profile xi, V (M) and the fields x_TS, r_AB, r_AS, r_12 (N x 3), the
                  images (M x N x 3) when kept, and with -neb_path_hessian k the orthogonal
                  eigenvalues lambda_perp (M x k) and lambda_t (M), of double well K
   DWNEBWriteRecords writes any set of records (the batch mode over an IS library collects
   the records of many solves, with library IS ids). Rank 0 writes to a temporary name and
   renames, so a failed write leaves no file; groups carry no time stamps. */
#include "io/ioimpl.h"
#include "io/h5check.h"
#include <dwell/neb.h>
#include <stddef.h>

static PetscErrorCode WriteRoot(hid_t file, DWNEB neb, DWSystem sys, const DWNEBOutput *out)
{
  DWNEBType type;
  PetscInt M;
  PetscReal k, ftol;

  PetscFunctionBegin;
  PetscCall(DWNEBGetType(neb, &type));
  PetscCall(DWNEBGetImages(neb, &M));
  PetscCall(DWNEBGetSpring(neb, &k));
  PetscCall(DWNEBGetTolerances(neb, &ftol, NULL, NULL));
  PetscCall(DWH5WriteAttrString(file, "dwell_version", DWELL_VERSION));
  PetscCall(DWH5WriteAttrString(file, "description",
                                "minimum energy paths (dwell neb): inherent structures /is, "
                                "double-well records /dw, paths /paths"));
  if (sys) {
    DWConfigView v;
    PetscCall(DWConfigViewGet(sys, &v));
    PetscCall(DWH5WriteAttrString(file, "model", v.model));
    PetscCall(DWH5WriteAttrInt(file, "N", v.p.N));
    PetscCall(DWH5WriteAttrDouble(file, "box", (double)v.L));
    PetscCall(DWH5WriteAttrString(file, "box_units", "sigma"));
  }
  PetscCall(DWH5WriteAttrString(file, "neb_type", type));
  PetscCall(DWH5WriteAttrInt(file, "neb_images", M));
  PetscCall(DWH5WriteAttrDouble(file, "neb_spring", (double)k));
  PetscCall(DWH5WriteAttrString(file, "neb_spring_units", "eps/sigma^2"));
  PetscCall(DWH5WriteAttrDouble(file, "neb_ftol", (double)ftol));
  PetscCall(DWH5WriteAttrString(file, "neb_ftol_units", "eps/sigma"));
  PetscCall(DWH5WriteAttrString(file, "status", out->status));
  PetscCall(DWH5WriteAttrInt(file, "nsplits", out->nsplits));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteIS(hid_t file, const DWNEBOutput *out, PetscInt n, PetscInt bs)
{
  hid_t group;
  const hsize_t d1[1] = {(hsize_t)out->nis},
                d3[3] = {(hsize_t)out->nis, (hsize_t)(n / bs), (hsize_t)bs};

  PetscFunctionBegin;
  PetscCall(DWH5CreateGroup(file, "is", &group));
  PetscCall(DWH5WriteDataset(group, "energy", H5T_NATIVE_DOUBLE, 1, d1, out->E, "eps",
                             "total potential energy of each inherent structure"));
  PetscCall(DWH5WriteDataset(group, "positions", H5T_NATIVE_DOUBLE, 3, d3, out->X, "sigma",
                             "positions of each inherent structure (unwrapped)"));
  PetscCall(DWH5WriteAttrString(group, "description", out->is_description));
  DWCallHDF5(H5Gclose(group));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteTable(hid_t file, PetscInt ndw, const DWDoubleWell *rec)
{
  hid_t group;
  const hsize_t dims[1] = {(hsize_t)ndw};
  double *col;
  long long *icol;

  PetscFunctionBegin;
  PetscCall(DWH5CreateGroup(file, "dw", &group));
  PetscCall(PetscMalloc2(ndw + 1, &col, ndw + 1, &icol));
  const DWDoubleWellColumn *columns;
  PetscInt ncol;

  PetscCall(DWDoubleWellGetColumns(&ncol, &columns));
  for (PetscInt c = 0; c < ncol; c++) {
    const DWDoubleWellColumn *C = &columns[c];
    for (PetscInt k = 0; k < ndw; k++) {
      col[k]  = (double)DWDoubleWellColumnValue(&rec[k], C);
      icol[k] = (long long)col[k];
    }
    if (C->type == 'r')
      PetscCall(DWH5WriteDataset(group, C->name, H5T_NATIVE_DOUBLE, 1, dims, col, C->units,
                                 C->description));
    else
      PetscCall(DWH5WriteDataset(group, C->name, H5T_NATIVE_LLONG, 1, dims, icol, C->units,
                                 C->description));
  }
  PetscCall(PetscFree2(col, icol));
  DWCallHDF5(H5Gclose(group));
  PetscFunctionReturn(0);
}

static PetscErrorCode WritePath(hid_t paths, PetscInt k, const DWDoubleWell *dw)
{
  char name[32];
  hid_t group;
  const hsize_t dm[1] = {(hsize_t)dw->nimages},
                df[2] = {(hsize_t)(dw->n / dw->bs), (hsize_t)dw->bs};
  const hsize_t di[3] = {(hsize_t)dw->nimages, (hsize_t)(dw->n / dw->bs), (hsize_t)dw->bs};

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(name, sizeof(name), "dw_%" PetscInt_FMT, k));
  PetscCall(DWH5CreateGroup(paths, name, &group));
  PetscCall(DWH5WriteDataset(group, "xi", H5T_NATIVE_DOUBLE, 1, dm, dw->xi, "1",
                             "reaction coordinate of the images, s / d"));
  PetscCall(DWH5WriteDataset(group, "V", H5T_NATIVE_DOUBLE, 1, dm, dw->V, "eps",
                             "energy of the images relative to IS a"));
  PetscCall(DWH5WriteDataset(group, "x_TS", H5T_NATIVE_DOUBLE, 2, df, dw->x_TS, "sigma",
                             "positions of the saddle image"));
  PetscCall(DWH5WriteDataset(group, "r_AB", H5T_NATIVE_DOUBLE, 2, df, dw->dr_AB, "sigma",
                             "displacement x_b - x_a (minimum image)"));
  PetscCall(DWH5WriteDataset(group, "r_AS", H5T_NATIVE_DOUBLE, 2, df, dw->dr_AS, "sigma",
                             "displacement x_saddle - x_a (minimum image)"));
  PetscCall(
      DWH5WriteDataset(group, "r_12", H5T_NATIVE_DOUBLE, 2, df, dw->dr_12, "sigma",
                       "displacement x_1 - x_a of the first image out of the deeper minimum"));
  if (dw->path_lambda_perp) {
    const hsize_t dk[2] = {(hsize_t)dw->nimages, (hsize_t)dw->path_hessian_k};
    PetscCall(DWH5WriteDataset(group, "lambda_perp", H5T_NATIVE_DOUBLE, 2, dk, dw->path_lambda_perp,
                               "eps/sigma^2",
                               "lowest Hessian eigenvalues orthogonal to the path tangent and the "
                               "translations at each image, ascending (JCP23 App. C)"));
    PetscCall(DWH5WriteDataset(group, "lambda_t", H5T_NATIVE_DOUBLE, 1, dm, dw->path_lambda_t,
                               "eps/sigma^2", "curvature t^T H t along the unit path tangent"));
  }
  if (dw->images)
    PetscCall(DWH5WriteDataset(group, "images", H5T_NATIVE_DOUBLE, 3, di, dw->images, "sigma",
                               "positions of the images, xi = 0 first (unwrapped)"));
  DWCallHDF5(H5Gclose(group));
  PetscFunctionReturn(0);
}

typedef struct {
  DWNEB neb;
  DWSystem sys;
  const DWNEBOutput *out;
} FileContents;

static PetscErrorCode WriteAll(hid_t file, void *ctx)
{
  const FileContents *c = (const FileContents *)ctx;
  DWSurface s;
  PetscInt n, bs;
  hid_t paths;

  PetscFunctionBegin;
  PetscCall(DWNEBGetSurface(c->neb, &s));
  PetscCall(DWSurfaceGetSize(s, &n, &bs));
  PetscCall(WriteRoot(file, c->neb, c->sys, c->out));
  if (c->sys)
    PetscCall(DWH5WriteConfig(
        file, c->sys,
        "the system of the paths (species, box, model) at the positions it was given"));
  PetscCall(WriteIS(file, c->out, n, bs));
  PetscCall(WriteTable(file, c->out->nrec, c->out->rec));
  PetscCall(DWH5CreateGroup(file, "paths", &paths));
  for (PetscInt k = 0; k < c->out->nrec; k++) PetscCall(WritePath(paths, k, &c->out->rec[k]));
  DWCallHDF5(H5Gclose(paths));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBWriteRecords(DWNEB neb, DWSystem sys, const DWNEBOutput *out, const char path[])
{
  FileContents contents = {neb, sys, out};
  DWSurface s;
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(DWNEBGetSurface(neb, &s));
  PetscCheck(s, PETSC_COMM_SELF, PETSC_ERR_ORDER, "%s: the NEB has no surface (nothing solved)",
             path);
  PetscCall(DWSurfaceGetComm(s, &comm));
  PetscCall(DWH5WriteOnRankZero(comm, path, WriteAll, &contents));
  PetscFunctionReturn(0);
}

PetscErrorCode DWNEBWriteFile(DWNEB neb, DWSystem sys, const DWNEBResult *res, const char path[])
{
  DWNEBOutput out = {DWNEBReasonName(res->reason),
                     res->nsplits,
                     res->nis,
                     NULL,
                     NULL,
                     "the inherent structures of the solve: 0 = a, 1 = b (minimised, b aligned on "
                     "a), then intermediate minima",
                     0,
                     NULL};
  DWSurface s;
  PetscInt n;
  PetscReal *E, *X;

  PetscFunctionBegin;
  PetscCall(DWNEBGetSurface(neb, &s));
  PetscCall(DWSurfaceGetSize(s, &n, NULL));
  PetscCall(PetscMalloc2(res->nis, &E, res->nis * n, &X));
  for (PetscInt k = 0; k < res->nis; k++) {
    const PetscReal *x;
    PetscCall(DWNEBGetInherentStructure(neb, k, &E[k], &x));
    PetscCall(PetscArraycpy(X + k * n, x, n));
  }
  out.E = E;
  out.X = X;
  PetscCall(DWNEBGetRecords(neb, &out.nrec, (DWDoubleWell **)&out.rec));
  PetscCall(DWNEBWriteRecords(neb, sys, &out, path));
  PetscCall(PetscFree2(E, X));
  PetscFunctionReturn(0);
}
