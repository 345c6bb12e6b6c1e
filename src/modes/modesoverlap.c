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

/* Local sums of one vector e: s[0] = r . e, s[1] = sum_i |r_i| |e_i|, s[2] = |e|^2. */
static PetscErrorCode VecSums(Vec e, const PetscReal r[], PetscInt bs, PetscReal s[3])
{
  const PetscScalar *v;
  PetscInt lo, hi;

  PetscFunctionBegin;
  PetscCall(VecGetOwnershipRange(e, &lo, &hi));
  PetscCheck(lo % bs == 0 && hi % bs == 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "modes: rows %" PetscInt_FMT "..%" PetscInt_FMT " split a block of %" PetscInt_FMT, lo,
             hi, bs);
  s[0] = s[1] = s[2] = 0;
  PetscCall(VecGetArrayRead(e, &v));
  for (PetscInt i = lo; i < hi; i += bs) {
    PetscReal r2 = 0, v2 = 0;
    for (PetscInt c = 0; c < bs; c++) {
      const PetscReal w = PetscRealPart(v[i - lo + c]);
      s[0] += r[i + c] * w;
      r2 += r[i + c] * r[i + c];
      v2 += w * w;
    }
    s[1] += PetscSqrtReal(r2 * v2);
    s[2] += v2;
  }
  PetscCall(VecRestoreArrayRead(e, &v));
  PetscFunctionReturn(0);
}

/* Local sums per mode: s[3k..3k+2] the VecSums of e_k. */
static PetscErrorCode LocalSums(DWModes m, const PetscReal r[], PetscInt bs, PetscReal s[])
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < m->nmodes; k++) PetscCall(VecSums(m->e[k], r, bs, s + 3 * k));
  PetscFunctionReturn(0);
}

static PetscReal SquaredNorm(PetscInt n, const PetscReal r[])
{
  PetscReal r2 = 0;
  for (PetscInt i = 0; i < n; i++) r2 += r[i] * r[i];
  return r2;
}

PetscErrorCode DWModesFieldOverlap(Vec e, const PetscReal r[], PetscInt bs, PetscReal *c,
                                   PetscReal *a)
{
  PetscInt n;
  PetscReal s[3], r2;
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(PetscObjectGetComm((PetscObject)e, &comm));
  PetscCall(VecGetSize(e, &n));
  PetscCheck(bs >= 1 && n % bs == 0, comm, PETSC_ERR_ARG_WRONG,
             "overlap: block size %" PetscInt_FMT " does not divide the size %" PetscInt_FMT, bs,
             n);
  r2 = SquaredNorm(n, r);
  PetscCall(VecSums(e, r, bs, s));
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, s, 3, MPIU_REAL, MPIU_SUM, comm));
  *c = *a = NAN;
  if (!(r2 > 0 && s[2] > 0)) PetscFunctionReturn(0);
  *c = PetscAbsReal(s[0]) / PetscSqrtReal(r2 * s[2]);
  *a = s[1] / PetscSqrtReal(r2 * s[2]);
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
  PetscReal r2, *s, *c, *a;

  PetscFunctionBegin;
  PetscCheck(k > 0, m->comm, PETSC_ERR_ORDER, "modes: overlaps need solved modes (DWModesSolve)");
  PetscCall(VecGetSize(m->e[0], &n));
  PetscCall(MatGetBlockSize(m->H, &bs));
  if (n % bs) bs = 1;
  r2 = SquaredNorm(n, r);
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
