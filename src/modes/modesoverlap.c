/* Overlaps of a displacement field with the normal modes of a minimum ([PRM21] sec. IV,
   eqs. 7 and 8; include/dwell/modes.h): for a field r (r_AB, r_AS, r_12 of a double well) and
   each solved unit mode e_k,
     c_k = |r . e_k| / (|r| |e_k|)                                  (3N-dimensional, eq. 7),
     a_k = sum_i |r_i| |e_k,i| / sqrt(sum_i |r_i|^2 sum_i |e_k,i|^2) (N-dimensional, eq. 8),
   c = max_k c_k and the mode of largest overlap (c or a) with its omega and P_k. The modes
   are distributed (rows of the Hessian, whole particles per rank); r is replicated: each rank
   sums over its rows, one reduction of 3k numbers. */
#include "modes/modesimpl.h"
#include <math.h>

/* Local sums per mode: s[3k] = r . e_k, s[3k+1] = sum_i |r_i| |e_k,i|, s[3k+2] = |e_k|^2. */
static PetscErrorCode LocalSums(DWModes m, const PetscReal r[], PetscInt bs, PetscReal s[])
{
  PetscInt lo, hi;

  PetscFunctionBegin;
  PetscCall(VecGetOwnershipRange(m->e[0], &lo, &hi));
  PetscCheck(lo % bs == 0 && hi % bs == 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "modes: rows %" PetscInt_FMT "..%" PetscInt_FMT " split a block of %" PetscInt_FMT, lo,
             hi, bs);
  for (PetscInt k = 0; k < m->nmodes; k++) {
    const PetscScalar *e;
    PetscReal dot = 0, ra = 0, e2 = 0;
    PetscCall(VecGetArrayRead(m->e[k], &e));
    for (PetscInt i = lo; i < hi; i += bs) {
      PetscReal r2 = 0, v2 = 0;
      for (PetscInt c = 0; c < bs; c++) {
        const PetscReal v = PetscRealPart(e[i - lo + c]);
        dot += r[i + c] * v;
        r2 += r[i + c] * r[i + c];
        v2 += v * v;
      }
      ra += PetscSqrtReal(r2 * v2);
      e2 += v2;
    }
    PetscCall(VecRestoreArrayRead(m->e[k], &e));
    s[3 * k] = dot, s[3 * k + 1] = ra, s[3 * k + 2] = e2;
  }
  PetscFunctionReturn(0);
}

/* c, a, the modes of largest c_k and a_k (the lowest index on ties), sum c_k^2. */
static void Reduce(const DWModes m, const PetscReal ck[], const PetscReal ak[],
                   DWModesOverlapResult *res)
{
  res->kc = res->ka = 0;
  res->c2sum        = 0;
  for (PetscInt k = 0; k < m->nmodes; k++) {
    if (ck[k] > ck[res->kc]) res->kc = k;
    if (ak[k] > ak[res->ka]) res->ka = k;
    res->c2sum += ck[k] * ck[k];
  }
  res->c       = ck[res->kc];
  res->a       = ak[res->ka];
  res->omega_c = m->info[res->kc].omega;
  res->P_c     = m->info[res->kc].P;
  res->omega_a = m->info[res->ka].omega;
  res->P_a     = m->info[res->ka].P;
}

static void SetUndefined(DWModes m, PetscReal ck[], PetscReal ak[], DWModesOverlapResult *res)
{
  for (PetscInt k = 0; k < m->nmodes; k++) {
    if (ck) ck[k] = NAN;
    if (ak) ak[k] = NAN;
  }
  res->c = res->a = res->omega_c = res->P_c = res->omega_a = res->P_a = res->c2sum = NAN;
  res->kc = res->ka = -1;
}

PetscErrorCode DWModesOverlap(DWModes m, const PetscReal r[], PetscReal ck[], PetscReal ak[],
                              DWModesOverlapResult *res)
{
  PetscInt n, bs, k = m->nmodes;
  PetscReal r2 = 0, *s, *c, *a;

  PetscFunctionBegin;
  PetscCheck(k > 0, m->comm, PETSC_ERR_ORDER, "modes: overlaps need solved modes (DWModesSolve)");
  PetscCall(VecGetSize(m->e[0], &n));
  PetscCall(MatGetBlockSize(m->H, &bs));
  if (n % bs) bs = 1;
  for (PetscInt i = 0; i < n; i++) r2 += r[i] * r[i];
  if (!(r2 > 0)) {
    SetUndefined(m, ck, ak, res);
    PetscFunctionReturn(0);
  }
  PetscCall(PetscMalloc3(3 * k, &s, k, &c, k, &a));
  PetscCall(LocalSums(m, r, bs, s));
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, s, 3 * k, MPIU_REAL, MPIU_SUM, m->comm));
  for (PetscInt j = 0; j < k; j++) {
    const PetscReal norm = PetscSqrtReal(r2 * s[3 * j + 2]);
    c[j]                 = PetscAbsReal(s[3 * j]) / norm;
    a[j]                 = s[3 * j + 1] / norm;
  }
  Reduce(m, c, a, res);
  if (ck) PetscCall(PetscArraycpy(ck, c, k));
  if (ak) PetscCall(PetscArraycpy(ak, a, k));
  PetscCall(PetscFree3(s, c, a));
  PetscFunctionReturn(0);
}
