/* The elastic file of `dwell elastic` (include/dwell/elastic.h; [JCP23] sec. IV.C, eqs. 17-19,
   Fig. 10): the inherent structure, its moduli G and K with their Born and non-affine parts,
   the 6 x 6 elastic constants, the stress, the sound speeds, omega_t, omega_D, and, with modes,
   their frequencies and the A_4 fit; written by rank 0 atomically. */
#include "io/ioimpl.h"
#include "io/h5check.h"
#include <dwell/elastic.h>

typedef struct {
  DWSystem sys;
  DWElasticResult r;
  double *omega; /* r.nmodes frequencies */
} ElasticOut;

static PetscErrorCode WriteGroup(hid_t file, const ElasticOut *o)
{
  const hsize_t d1[1] = {1}, d6[1] = {6}, d66[2] = {6, 6}, dk[1] = {(hsize_t)o->r.nmodes};
  double C[36], Cb[36], s[6];
  long long n[3] = {o->r.nmodes, o->r.n_fit, o->r.ksp_its};
  hid_t g;

  PetscFunctionBegin;
  for (int k = 0; k < 36; k++) C[k] = (double)o->r.C[k], Cb[k] = (double)o->r.C_born[k];
  for (int k = 0; k < 6; k++) s[k] = (double)o->r.sigma[k];
  PetscCall(DWH5CreateGroup(file, "elastic", &g));
  PetscCall(DWH5WriteAttrString(g, "voigt_order", "xx yy zz yz xz xy"));
  for (PetscInt f = 0; f < DWElasticNumFields; f++) {
    const DWElasticField *e = &DWElasticFields[f];
    double v                = (double)*(const PetscReal *)((const char *)&o->r + e->offset);
    PetscCall(DWH5WriteDataset(g, e->name, H5T_NATIVE_DOUBLE, 1, d1, &v, e->units, e->description));
  }
  PetscCall(DWH5WriteDataset(g, "C", H5T_NATIVE_DOUBLE, 2, d66, C, "eps/sigma^3",
                             "elastic constants C_Born - Xi H^+ Xi / V (6 x 6 tensor components, "
                             "Voigt order, Lagrangian strain; Lemaitre-Maloney 2006 eq. 16)"));
  PetscCall(DWH5WriteDataset(g, "C_born", H5T_NATIVE_DOUBLE, 2, d66, Cb, "eps/sigma^3",
                             "Born term (1/V) d^2U/deta deta at fixed reference positions"));
  PetscCall(DWH5WriteDataset(g, "sigma", H5T_NATIVE_DOUBLE, 1, d6, s, "eps/sigma^3",
                             "Cauchy stress of the IS, tension positive (Voigt order)"));
  PetscCall(DWH5WriteDataset(g, "nmodes", H5T_NATIVE_LLONG, 1, d1, &n[0], "1",
                             "lowest modes computed for A_4 (0: none)"));
  PetscCall(DWH5WriteDataset(g, "n_fit", H5T_NATIVE_LLONG, 1, d1, &n[1], "1",
                             "modes with 0 < omega < omega_c in the A_4 fit"));
  PetscCall(DWH5WriteDataset(g, "ksp_iterations", H5T_NATIVE_LLONG, 1, d1, &n[2], "1",
                             "CG iterations of the six solves H u = Xi"));
  if (o->r.nmodes)
    PetscCall(
        DWH5WriteDataset(g, "omega", H5T_NATIVE_DOUBLE, 1, dk, o->omega, "1/tau",
                         "frequencies of the lowest modes, ascending (I(omega) = count / N)"));
  DWCallHDF5(H5Gclose(g));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteElastic(hid_t file, void *ctx)
{
  const ElasticOut *o = (const ElasticOut *)ctx;
  DWConfigView v;

  PetscFunctionBegin;
  PetscCall(DWConfigViewGet(o->sys, &v));
  PetscCall(DWH5WriteAttrString(file, "dwell_version", DWELL_VERSION));
  PetscCall(DWH5WriteAttrString(file, "description",
                                "elastic moduli of an inherent structure (dwell elastic, JCP23 "
                                "IV.C): /elastic, /config"));
  PetscCall(DWH5WriteAttrString(file, "model", v.model));
  PetscCall(DWH5WriteAttrInt(file, "N", v.p.N));
  PetscCall(DWH5WriteAttrDouble(file, "box", (double)v.L));
  PetscCall(DWH5WriteAttrString(file, "box_units", "sigma"));
  PetscCall(DWH5WriteConfig(file, o->sys, "the inherent structure of the moduli"));
  PetscCall(WriteGroup(file, o));
  PetscFunctionReturn(0);
}

PetscErrorCode DWElasticWriteFile(DWElastic el, DWSystem sys, const char path[])
{
  ElasticOut o = {sys, {0}, NULL};
  DWModes modes;
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(DWSystemGetComm(sys, &comm));
  PetscCall(DWElasticGetResult(el, &o.r));
  PetscCall(DWElasticGetModes(el, &modes));
  PetscCall(PetscMalloc1(o.r.nmodes + 1, &o.omega));
  for (PetscInt k = 0; k < o.r.nmodes; k++) {
    DWModeInfo f;
    PetscCall(DWModesGetModeInfo(modes, k, &f));
    o.omega[k] = (double)f.omega;
  }
  PetscCall(DWH5WriteOnRankZero(comm, path, WriteElastic, &o));
  PetscCall(PetscFree(o.omega));
  PetscFunctionReturn(0);
}
