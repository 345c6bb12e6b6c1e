/* The pull file of `dwell pull` (include/dwell/pull.h; [PRR20] sec. II.C, eqs. 5-10, A3,
   Table I): the IS, one row per pulled mode under /pull (units and descriptions as
   attributes), T_c, the final IS of the transitions (double-well candidates with the IS) and
   the optional |dr|, dPhi vs A curves ([PRR20] Fig. 2); written by rank 0 atomically. */
#include "io/ioimpl.h"
#include "io/h5check.h"
#include <dwell/pull.h>

typedef struct {
  DWPull pull;
  DWSystem sys;
  PetscInt n, N;
} PullOut;

static PetscErrorCode WriteColumns(hid_t g, const PullOut *o)
{
  const hsize_t d1[1] = {(hsize_t)o->n};
  double *v;
  long long *iv;
  DWPullResult r;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(o->n, &v, o->n, &iv));
  for (PetscInt c = 0; c < DW_PULL_NREALS; c++) {
    for (PetscInt j = 0; j < o->n; j++) {
      PetscCall(DWPullGetResult(o->pull, j, &r));
      v[j] = (double)*(const PetscReal *)((const char *)&r + DWPullRealFields[c].offset);
    }
    PetscCall(DWH5WriteDataset(g, DWPullRealFields[c].name, H5T_NATIVE_DOUBLE, 1, d1, v,
                               DWPullRealFields[c].units, DWPullRealFields[c].description));
  }
  for (PetscInt c = 0; c < DW_PULL_NINTS; c++) {
    for (PetscInt j = 0; j < o->n; j++) {
      PetscInt ints[DW_PULL_NINTS];
      PetscCall(DWPullGetResult(o->pull, j, &r));
      DWPullResultInts(&r, ints);
      iv[j] = ints[c];
    }
    PetscCall(DWH5WriteDataset(g, DWPullIntFields[c].name, H5T_NATIVE_LLONG, 1, d1, iv,
                               DWPullIntFields[c].units, DWPullIntFields[c].description));
  }
  PetscCall(PetscFree2(v, iv));
  PetscFunctionReturn(0);
}

/* The final IS of the transitions: x1 (ntr x N x 3), V1 and their row. */
static PetscErrorCode WriteFinalStates(hid_t g, const PullOut *o)
{
  PetscInt ntr = 0;
  double *x, *V;
  long long *row;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(o->n * 3 * o->N + 1, &x, o->n + 1, &V, o->n + 1, &row));
  for (PetscInt j = 0; j < o->n; j++) {
    const PetscReal *d;
    PetscCall(DWPullGetDirection(o->pull, j, &d));
    for (PetscInt i = 0; i < 3 * o->N; i++) x[j * 3 * o->N + i] = (double)d[i];
  }
  const hsize_t dd[3] = {(hsize_t)o->n, (hsize_t)o->N, 3};
  PetscCall(DWH5WriteDataset(g, "direction", H5T_NATIVE_DOUBLE, 3, dd, x, "1",
                             "unit direction pulled along, sign e^k (N x 3 per row), PRR20 eq. 5"));
  for (PetscInt j = 0; j < o->n; j++) {
    const PetscReal *x1;
    PetscReal V1;
    PetscCall(DWPullGetFinalState(o->pull, j, &x1, &V1));
    if (!x1) continue;
    for (PetscInt i = 0; i < 3 * o->N; i++) x[ntr * 3 * o->N + i] = (double)x1[i];
    V[ntr]     = (double)V1;
    row[ntr++] = j;
  }
  const hsize_t d3[3] = {(hsize_t)ntr, (hsize_t)o->N, 3}, d1[1] = {(hsize_t)ntr};
  PetscCall(DWH5WriteDataset(g, "x1", H5T_NATIVE_DOUBLE, 3, d3, x, "sigma",
                             "positions of the IS r_1 after each transition (with the IS: a "
                             "double-well candidate)"));
  PetscCall(DWH5WriteDataset(g, "V1", H5T_NATIVE_DOUBLE, 1, d1, V, "eps", "Phi(r_1)"));
  PetscCall(DWH5WriteDataset(g, "x1_row", H5T_NATIVE_LLONG, 1, d1, row, "1",
                             "the row of /pull each x1 belongs to"));
  PetscCall(PetscFree3(x, V, row));
  PetscFunctionReturn(0);
}

/* [PRR20] Fig. 2 curves (n x m, NaN rows without transition). */
static PetscErrorCode WriteCurves(hid_t g, const PullOut *o)
{
  PetscInt m = 0, mj;
  double *buf[3];
  static const char *names[3] = {"curve_A", "curve_dr", "curve_dPhi"};
  static const char *units[3] = {"sigma", "sigma", "eps"};
  static const char *desc[3]  = {"A_l = l (2 A_c / m), l = 1..m, per row (PRR20 Fig. 2)",
                                 "|dr| after minimisation from A_l, PRR20 eq. 6",
                                 "Phi(r_1) - Phi(r_0) after minimisation from A_l, PRR20 eq. 7"};

  PetscFunctionBegin;
  for (PetscInt j = 0; j < o->n; j++) {
    PetscCall(DWPullGetCurve(o->pull, j, &mj, NULL, NULL, NULL));
    m = PetscMax(m, mj);
  }
  if (!m) PetscFunctionReturn(0);
  for (int k = 0; k < 3; k++) PetscCall(PetscMalloc1(o->n * m, &buf[k]));
  for (PetscInt j = 0; j < o->n; j++) {
    const PetscReal *a[3];
    PetscCall(DWPullGetCurve(o->pull, j, &mj, &a[0], &a[1], &a[2]));
    for (int k = 0; k < 3; k++)
      for (PetscInt l = 0; l < m; l++) buf[k][j * m + l] = mj ? (double)a[k][l] : NAN;
  }
  const hsize_t d2[2] = {(hsize_t)o->n, (hsize_t)m};
  for (int k = 0; k < 3; k++) {
    PetscCall(DWH5WriteDataset(g, names[k], H5T_NATIVE_DOUBLE, 2, d2, buf[k], units[k], desc[k]));
    PetscCall(PetscFree(buf[k]));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode WritePull(hid_t file, void *ctx)
{
  const PullOut *o    = (const PullOut *)ctx;
  const hsize_t d1[1] = {1};
  DWConfigView v;
  PetscReal Tc, V0;
  PetscInt jmin;
  hid_t g;
  double tc, v0;

  PetscFunctionBegin;
  PetscCall(DWConfigViewGet(o->sys, &v));
  PetscCall(DWH5WriteAttrString(file, "dwell_version", DWELL_VERSION));
  PetscCall(DWH5WriteAttrString(file, "description",
                                "mode pulling of an inherent structure (dwell pull, PRR20 sec. "
                                "II.C): /pull, /config"));
  PetscCall(DWH5WriteAttrString(file, "model", v.model));
  PetscCall(DWH5WriteAttrInt(file, "N", o->N));
  PetscCall(DWH5WriteAttrDouble(file, "box", (double)v.L));
  PetscCall(DWH5WriteAttrString(file, "box_units", "sigma"));
  PetscCall(DWH5WriteConfig(file, o->sys, "the inherent structure r_0 that was pulled"));
  PetscCall(DWH5CreateGroup(file, "pull", &g));
  PetscCall(WriteColumns(g, o));
  PetscCall(WriteFinalStates(g, o));
  PetscCall(WriteCurves(g, o));
  PetscCall(DWPullGetTc(o->pull, &Tc, &jmin));
  PetscCall(DWPullGetStart(o->pull, &V0, NULL));
  tc = (double)Tc;
  v0 = (double)V0;
  PetscCall(DWH5WriteDataset(g, "T_c", H5T_NATIVE_DOUBLE, 1, d1, &tc, "eps/k_B",
                             "T_c = 2 min_k dPhi_barrier over the transitions, PRR20 Table I "
                             "(NaN: none)"));
  PetscCall(DWH5WriteDataset(g, "V0", H5T_NATIVE_DOUBLE, 1, d1, &v0, "eps", "Phi(r_0)"));
  DWCallHDF5(H5Gclose(g));
  PetscFunctionReturn(0);
}

PetscErrorCode DWPullWriteFile(DWPull pull, DWSystem sys, const char path[])
{
  PullOut o = {pull, sys, 0, 0};
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(DWSystemGetComm(sys, &comm));
  PetscCall(DWSystemGetSize(sys, &o.N));
  PetscCall(DWPullGetNumResults(pull, &o.n));
  PetscCall(DWH5WriteOnRankZero(comm, path, WritePull, &o));
  PetscFunctionReturn(0);
}
