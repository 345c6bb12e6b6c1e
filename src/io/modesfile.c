/* The mode file of `dwell modes` (include/dwell/io.h): the k lowest normal modes of an
   inherent structure (include/dwell/modes.h; [PRR20] eqs. 3-4 for P_k and O_k) with their
   eigenvectors, written by rank 0 atomically (src/io/h5file.c). */
#include "io/ioimpl.h"
#include "io/h5check.h"
#include <stddef.h>

typedef struct {
  DWModes modes;
  DWSystem sys;
  PetscInt k, N;
  double *lambda, *omega, *P, *O, *E; /* E: k x N x 3 eigenvectors, on rank 0 */
  long long *qlm;
} ModesOut;

/* The eigenvectors gathered on rank 0 (k x n reals there). */
static PetscErrorCode GatherModes(ModesOut *o)
{
  Mat H;
  Vec e, e0;
  VecScatter sc;
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(DWModesGetNumModes(o->modes, &o->k));
  PetscCall(DWSystemGetSize(o->sys, &o->N));
  n = 3 * o->N;
  PetscCall(PetscMalloc6(o->k + 1, &o->lambda, o->k + 1, &o->omega, o->k + 1, &o->P, o->k + 1,
                         &o->O, o->k + 1, &o->qlm, o->k * n + 1, &o->E));
  for (PetscInt i = 0; i < o->k; i++) {
    DWModeInfo f;
    PetscCall(DWModesGetModeInfo(o->modes, i, &f));
    o->lambda[i] = f.lambda, o->omega[i] = f.omega, o->P[i] = f.P, o->O[i] = f.O;
    o->qlm[i] = f.qlm;
  }
  PetscCall(DWModesGetHessian(o->modes, &H));
  PetscCall(MatCreateVecs(H, &e, NULL));
  PetscCall(VecScatterCreateToZero(e, &sc, &e0));
  for (PetscInt i = 0; i < o->k; i++) {
    const PetscScalar *a;
    PetscInt m;
    PetscCall(DWModesGetMode(o->modes, i, e));
    PetscCall(VecScatterBegin(sc, e, e0, INSERT_VALUES, SCATTER_FORWARD));
    PetscCall(VecScatterEnd(sc, e, e0, INSERT_VALUES, SCATTER_FORWARD));
    PetscCall(VecGetLocalSize(e0, &m));
    PetscCall(VecGetArrayRead(e0, &a));
    for (PetscInt j = 0; j < m; j++) o->E[i * n + j] = PetscRealPart(a[j]);
    PetscCall(VecRestoreArrayRead(e0, &a));
  }
  PetscCall(VecScatterDestroy(&sc));
  PetscCall(VecDestroy(&e0));
  PetscCall(VecDestroy(&e));
  PetscFunctionReturn(0);
}

/* /modes/dos: the histogram of D(omega) and the A_4 fit (include/dwell/modes.h). */
static PetscErrorCode WriteDOSGroup(hid_t modes, DWModes m)
{
  hid_t g;
  DWModesA4Fit f;
  PetscInt nb    = 0, *count;
  PetscReal wmax = 0, *D;
  double *w, *d;
  long long *c, n;
  hsize_t db[1], d1[1] = {1};

  PetscFunctionBegin;
  PetscCall(DWModesFitA4(m, &f));
  PetscCall(DWModesGetDOS(m, &nb, &wmax, NULL, NULL));
  PetscCall(PetscMalloc5(nb, &count, nb, &D, nb, &w, nb, &d, nb, &c));
  PetscCall(DWModesGetDOS(m, &nb, &wmax, count, D));
  for (PetscInt b = 0; b < nb; b++) w[b] = (b + 0.5) * wmax / nb, d[b] = D[b], c[b] = count[b];
  db[0] = (hsize_t)nb, n = f.n;
  PetscCall(DWH5CreateGroup(modes, "dos", &g));
  PetscCall(DWH5WriteAttrString(g, "description",
                                "density of states per particle D(omega) = (1/N) sum_k "
                                "delta(omega - omega_k) of the computed modes (complete up to "
                                "omega_max) and its fit A_4 omega^4 on 0 < omega < omega_c"));
  PetscCall(DWH5WriteAttrString(g, "cutoff", f.cutoff));
  PetscCall(DWH5WriteDataset(g, "omega", H5T_NATIVE_DOUBLE, 1, db, w, "(eps/(m sigma^2))^(1/2)",
                             "bin centres, equal bins of [0, omega_max]"));
  PetscCall(DWH5WriteDataset(g, "D", H5T_NATIVE_DOUBLE, 1, db, d, "(m sigma^2/eps)^(1/2)",
                             "D(omega) = count / (N bin width)"));
  PetscCall(DWH5WriteDataset(g, "count", H5T_NATIVE_LLONG, 1, db, c, "1", "modes in each bin"));
  PetscCall(DWH5WriteDataset(g, "omega_max", H5T_NATIVE_DOUBLE, 1, d1, &(double){wmax},
                             "(eps/(m sigma^2))^(1/2)", "the highest computed omega"));
  PetscCall(DWH5WriteDataset(g, "omega_c", H5T_NATIVE_DOUBLE, 1, d1, &(double){f.omega_c},
                             "(eps/(m sigma^2))^(1/2)",
                             "upper edge of the A_4 window (origin: attribute cutoff)"));
  PetscCall(DWH5WriteDataset(g, "n_fit", H5T_NATIVE_LLONG, 1, d1, &n, "1",
                             "modes with 0 < omega < omega_c"));
  PetscCall(DWH5WriteDataset(g, "A4", H5T_NATIVE_DOUBLE, 1, d1, &(double){f.A4},
                             "(m sigma^2/eps)^(5/2)", "A_4 = 5 n_fit / (N omega_c^5)"));
  PetscCall(DWH5WriteDataset(g, "A4_err", H5T_NATIVE_DOUBLE, 1, d1, &(double){f.A4_err},
                             "(m sigma^2/eps)^(5/2)", "Poisson error A_4 / sqrt(n_fit)"));
  DWCallHDF5(H5Gclose(g));
  PetscCall(PetscFree5(count, D, w, d, c));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteModesGroup(hid_t file, const ModesOut *o)
{
  hid_t g;
  const hsize_t d1[1] = {(hsize_t)o->k}, d3[3] = {(hsize_t)o->k, (hsize_t)o->N, 3};

  PetscFunctionBegin;
  PetscCall(DWH5CreateGroup(file, "modes", &g));
  PetscCall(DWH5WriteDataset(g, "lambda", H5T_NATIVE_DOUBLE, 1, d1, o->lambda, "eps/sigma^2",
                             "Hessian eigenvalue of each mode, ascending (translations removed)"));
  PetscCall(DWH5WriteDataset(g, "omega", H5T_NATIVE_DOUBLE, 1, d1, o->omega,
                             "(eps/(m sigma^2))^(1/2)",
                             "frequency sqrt(lambda), unit masses; -sqrt(|lambda|) if lambda < 0"));
  PetscCall(DWH5WriteDataset(g, "P", H5T_NATIVE_DOUBLE, 1, d1, o->P, "1",
                             "participation ratio 1/(N sum_i |e_i|^4), [PRR20] eq. 4"));
  PetscCall(DWH5WriteDataset(g, "O", H5T_NATIVE_DOUBLE, 1, d1, o->O, "1",
                             "phonon order parameter against the plane waves of the box, "
                             "[PRR20] eq. 3"));
  PetscCall(DWH5WriteDataset(g, "qlm", H5T_NATIVE_LLONG, 1, d1, o->qlm, "1",
                             "1 if quasi-localised (omega and P_k below the -modes_qlm_ "
                             "thresholds)"));
  PetscCall(DWH5WriteDataset(g, "eigenvectors", H5T_NATIVE_DOUBLE, 3, d3, o->E, "1",
                             "unit eigenvector of each mode (k x N x 3)"));
  PetscCall(WriteDOSGroup(g, o->modes));
  DWCallHDF5(H5Gclose(g));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteModes(hid_t file, void *ctx)
{
  const ModesOut *o = (const ModesOut *)ctx;
  DWModesType type;
  DWConfigView v;

  PetscFunctionBegin;
  PetscCall(DWModesGetType(o->modes, &type));
  PetscCall(DWConfigViewGet(o->sys, &v));
  PetscCall(DWH5WriteAttrString(file, "dwell_version", DWELL_VERSION));
  PetscCall(DWH5WriteAttrString(file, "description",
                                "normal modes of a configuration (dwell modes): /modes, /config"));
  PetscCall(DWH5WriteAttrString(file, "model", v.model));
  PetscCall(DWH5WriteAttrInt(file, "N", o->N));
  PetscCall(DWH5WriteAttrDouble(file, "box", (double)v.L));
  PetscCall(DWH5WriteAttrString(file, "box_units", "sigma"));
  PetscCall(DWH5WriteAttrString(file, "modes_type", type));
  PetscCall(DWH5WriteAttrInt(file, "k", o->k));
  PetscCall(DWH5WriteConfig(file, o->sys, "the configuration whose modes these are"));
  PetscCall(WriteModesGroup(file, o));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesWriteFile(DWModes modes, DWSystem sys, const char path[])
{
  ModesOut o = {modes, sys, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL};
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(DWSystemGetComm(sys, &comm));
  PetscCall(GatherModes(&o));
  PetscCall(DWH5WriteOnRankZero(comm, path, WriteModes, &o));
  PetscCall(PetscFree6(o.lambda, o.omega, o.P, o.O, o.qlm, o.E));
  PetscFunctionReturn(0);
}

/* The overlap file of `dwell modes -in FILE`, a path file or a library (include/dwell/io.h;
   [PRM21] eqs. 7, 8). */
typedef struct {
  const DWNEBPaths *p;
  const DWModesOverlapTable *t;
} OverlapOut;

static PetscErrorCode WriteModesTable(hid_t file, const DWModesOverlapTable *t)
{
  hid_t g;
  const hsize_t d2[2] = {(hsize_t)t->ndw, (hsize_t)t->k};
  long long *q;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(t->ndw * t->k + 1, &q));
  for (PetscInt i = 0; i < t->ndw * t->k; i++) q[i] = t->qlm[i];
  PetscCall(DWH5CreateGroup(file, "modes", &g));
  PetscCall(DWH5WriteDataset(g, "lambda", H5T_NATIVE_DOUBLE, 2, d2, t->lambda, "eps/sigma^2",
                             "Hessian eigenvalues at IS a of each double well, ascending "
                             "(translations removed)"));
  PetscCall(DWH5WriteDataset(g, "omega", H5T_NATIVE_DOUBLE, 2, d2, t->omega,
                             "(eps/(m sigma^2))^(1/2)", "frequency sqrt(lambda), unit masses"));
  PetscCall(DWH5WriteDataset(g, "P", H5T_NATIVE_DOUBLE, 2, d2, t->P, "1",
                             "participation ratio 1/(N sum_i |e_i|^4), [PRR20] eq. 4"));
  PetscCall(DWH5WriteDataset(g, "O", H5T_NATIVE_DOUBLE, 2, d2, t->O, "1",
                             "phonon order parameter, [PRR20] eq. 3"));
  PetscCall(DWH5WriteDataset(g, "qlm", H5T_NATIVE_LLONG, 2, d2, q, "1",
                             "1 if quasi-localised (omega and P_k below the -modes_qlm_ "
                             "thresholds)"));
  DWCallHDF5(H5Gclose(g));
  PetscCall(PetscFree(q));
  PetscFunctionReturn(0);
}

/* One scalar of the best-overlap records of field f, by offset in DWModesOverlapResult. */
static PetscErrorCode WriteBest(hid_t g, const DWModesOverlapTable *t, int f, const char name[],
                                size_t offset, PetscBool integer, const char units[],
                                const char description[])
{
  const hsize_t d1[1] = {(hsize_t)t->ndw};
  double *v;
  long long *iv;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(t->ndw + 1, &v, t->ndw + 1, &iv));
  for (PetscInt d = 0; d < t->ndw; d++) {
    const char *p = (const char *)&t->best[f][d] + offset;
    if (integer)
      iv[d] = *(const PetscInt *)p;
    else
      v[d] = *(const PetscReal *)p;
  }
  if (integer)
    PetscCall(DWH5WriteDataset(g, name, H5T_NATIVE_LLONG, 1, d1, iv, units, description));
  else
    PetscCall(DWH5WriteDataset(g, name, H5T_NATIVE_DOUBLE, 1, d1, v, units, description));
  PetscCall(PetscFree2(v, iv));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteField(hid_t overlaps, const DWModesOverlapTable *t, int f)
{
  hid_t g;
  const hsize_t d2[2] = {(hsize_t)t->ndw, (hsize_t)t->k};
  const char *om      = "(eps/(m sigma^2))^(1/2)";

  PetscFunctionBegin;
  PetscCall(DWH5CreateGroup(overlaps, DWNEBPathFieldNames[f], &g));
  PetscCall(DWH5WriteAttrString(g, "description",
                                "overlaps of the displacement field with the modes of IS a, "
                                "PRM21 eqs. 7 (c) and 8 (a)"));
  PetscCall(DWH5WriteDataset(g, "c_k", H5T_NATIVE_DOUBLE, 2, d2, t->ck[f], "1",
                             "|r . e_k| / (|r| |e_k|) for every mode k, PRM21 eq. 7"));
  PetscCall(DWH5WriteDataset(g, "a_k", H5T_NATIVE_DOUBLE, 2, d2, t->ak[f], "1",
                             "sum_i |r_i| |e_k,i| / sqrt(sum |r_i|^2 sum |e_k,i|^2), PRM21 eq. 8"));
  PetscCall(WriteBest(g, t, f, "c", offsetof(DWModesOverlapResult, c), PETSC_FALSE, "1",
                      "c = max_k c_k"));
  PetscCall(WriteBest(g, t, f, "a", offsetof(DWModesOverlapResult, a), PETSC_FALSE, "1",
                      "a = max_k a_k"));
  PetscCall(WriteBest(g, t, f, "mode_c", offsetof(DWModesOverlapResult, kc), PETSC_TRUE, "1",
                      "index of the mode of largest c_k (0-based, ascending omega)"));
  PetscCall(WriteBest(g, t, f, "mode_a", offsetof(DWModesOverlapResult, ka), PETSC_TRUE, "1",
                      "index of the mode of largest a_k (0-based, ascending omega)"));
  PetscCall(WriteBest(g, t, f, "omega_c", offsetof(DWModesOverlapResult, omega_c), PETSC_FALSE, om,
                      "omega of the mode of largest c_k"));
  PetscCall(WriteBest(g, t, f, "P_c", offsetof(DWModesOverlapResult, P_c), PETSC_FALSE, "1",
                      "participation ratio of the mode of largest c_k"));
  PetscCall(WriteBest(g, t, f, "omega_a", offsetof(DWModesOverlapResult, omega_a), PETSC_FALSE, om,
                      "omega of the mode of largest a_k"));
  PetscCall(WriteBest(g, t, f, "P_a", offsetof(DWModesOverlapResult, P_a), PETSC_FALSE, "1",
                      "participation ratio of the mode of largest a_k"));
  PetscCall(WriteBest(g, t, f, "c2sum", offsetof(DWModesOverlapResult, c2sum), PETSC_FALSE, "1",
                      "sum_k c_k^2: fraction of |r|^2 in the span of the computed modes"));
  DWCallHDF5(H5Gclose(g));
  PetscFunctionReturn(0);
}

/* /dw: row, sample and is_a of each double well. */
static PetscErrorCode WriteRows(hid_t file, const DWNEBPaths *p)
{
  const hsize_t d1[1]              = {(hsize_t)p->ndw};
  const PetscInt *col[3]           = {p->row, p->sample, p->is_a};
  static const char *const name[3] = {"row", "sample", "is_a"};
  const char *description[3]       = {
            p->library ? "row of /dw in the library" : "K of /paths/dw_K in the path file",
      p->library ? "glass sample (row of /samples in the library)" : "0 (one system, /config)",
      p->library ? "library IS label of IS a (the minimum of the modes) in its sample"
                 : "id of IS a (the minimum of the modes) in /is of the path file"};
  long long *v;
  hid_t g;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(p->ndw + 1, &v));
  PetscCall(DWH5CreateGroup(file, "dw", &g));
  for (int c = 0; c < 3; c++) {
    for (PetscInt d = 0; d < p->ndw; d++) v[d] = col[c][d];
    PetscCall(DWH5WriteDataset(g, name[c], H5T_NATIVE_LLONG, 1, d1, v, "1", description[c]));
  }
  DWCallHDF5(H5Gclose(g));
  PetscCall(PetscFree(v));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteOverlaps(hid_t file, void *ctx)
{
  const OverlapOut *o          = (const OverlapOut *)ctx;
  const DWModesOverlapTable *t = o->t;
  const DWNEBPaths *p          = o->p;
  hid_t g;

  PetscFunctionBegin;
  PetscCall(DWH5WriteAttrString(file, "dwell_version", DWELL_VERSION));
  PetscCall(DWH5WriteAttrString(file, "description",
                                p->library
                                    ? "normal modes of IS a of every double well of a campaign "
                                      "library and the overlaps of r_AB, r_AS, r_12 with them "
                                      "(dwell modes): /modes, /overlaps, /dw"
                                    : "normal modes of IS a of every double well of a path file "
                                      "and the overlaps of r_AB, r_AS, r_12 with them (dwell "
                                      "modes): /modes, /overlaps, /dw, /config"));
  PetscCall(DWH5WriteAttrString(file, "model", p->model));
  PetscCall(DWH5WriteAttrInt(file, "N", p->n / 3));
  PetscCall(DWH5WriteAttrString(file, "modes_type", t->type));
  PetscCall(DWH5WriteAttrInt(file, "k", t->k));
  PetscCall(DWH5WriteAttrString(file, "source", t->source));
  if (!p->library) {
    DWConfigView v;
    PetscCall(DWConfigViewGet(p->config[0], &v));
    PetscCall(DWH5WriteAttrDouble(file, "box", (double)v.L));
    PetscCall(DWH5WriteAttrString(file, "box_units", "sigma"));
    PetscCall(
        DWH5WriteConfig(file, p->config[0], "the system of the path file (at its IS a positions)"));
  }
  PetscCall(WriteRows(file, p));
  PetscCall(WriteModesTable(file, t));
  PetscCall(DWH5CreateGroup(file, "overlaps", &g));
  for (int f = 0; f < DW_NEB_PATH_FIELDS; f++) PetscCall(WriteField(g, t, f));
  DWCallHDF5(H5Gclose(g));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesWriteOverlapFile(MPI_Comm comm, const DWNEBPaths *p,
                                       const DWModesOverlapTable *t, const char path[])
{
  OverlapOut o = {p, t};

  PetscFunctionBegin;
  PetscCall(DWH5WriteOnRankZero(comm, path, WriteOverlaps, &o));
  PetscFunctionReturn(0);
}
