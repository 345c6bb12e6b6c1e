/* What each normal mode is ([PRR20] sec. II.B; DESIGN.md section 4 "Modes"), for unit
   eigenvectors e^k (n = 3N reals, particle i = block i):
   - participation ratio P_k = 1 / (N sum_i (e_i^k . e_i^k)^2)       ([PRR20] eq. 4):
     1 for all particles moving equally, 2/3 for a plane wave, 1/N for one particle;
   - phonon order parameter O_k = sum_{q,a: O_k^{q,a} >= N_m/(3N-3)} O_k^{q,a},
     O_k^{q,a} = |sum_i u_i^{q,a} . e_i^k|^2, u_i^{q,a} = s_a(q) exp(i q.r_0i) / sqrt(N)
                                                                       ([PRR20] eq. 3),
     over the plane waves of the box, q = 2 pi h^-T n (2 pi n / L for a cube; the reciprocal
     lattice of a triclinic cell, include/dwell/box.h), n integer, 0 < |n| <= n_max, with
     the longitudinal s_L = q/|q| and two transverse polarisations. On a crystal the u^{q,a}
     are orthonormal (for q in the Brillouin zone), so a mode in the span of plane waves has
     O_k = 1 when N_m = 0. O_k^{-q,a} = O_k^{q,a} for a real e^k (the polarisations of -q are
     those of q up to sign): each pair is computed once and counted twice;
   - quasi-localised: lambda_k > 0, omega_k < qlm_omega and P_k < qlm_pr.
   Eigenvectors are distributed (rows of the Hessian); positions are replicated. */
#include "modes/modesimpl.h"
#include <math.h>

/* sum_i |e_i|^4 over the local blocks of bs coordinates of e. */
static PetscErrorCode LocalSum4(Vec e, PetscInt bs, PetscReal *s4)
{
  const PetscScalar *a;
  PetscInt nloc;

  PetscFunctionBegin;
  PetscCall(VecGetLocalSize(e, &nloc));
  PetscCall(VecGetArrayRead(e, &a));
  *s4 = 0;
  for (PetscInt i = 0; i < nloc / bs; i++) {
    PetscReal e2 = 0;
    for (PetscInt c = 0; c < bs; c++) e2 += PetscRealPart(a[i * bs + c] * a[i * bs + c]);
    *s4 += e2 * e2;
  }
  PetscCall(VecRestoreArrayRead(e, &a));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesVecParticipationRatio(Vec e, PetscInt bs, PetscReal *P)
{
  PetscInt n;
  PetscReal s4, e2;
  MPI_Comm comm;

  PetscFunctionBegin;
  PetscCall(PetscObjectGetComm((PetscObject)e, &comm));
  PetscCall(VecGetSize(e, &n));
  PetscCall(VecNorm(e, NORM_2, &e2));
  PetscCall(LocalSum4(e, bs, &s4));
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, &s4, 1, MPIU_REAL, MPIU_SUM, comm));
  e2 *= e2;
  *P = e2 * e2 / ((PetscReal)(n / bs) * s4);
  PetscFunctionReturn(0);
}

/* P_k of every mode, from the local blocks of bs coordinates (one reduction). */
static PetscErrorCode ParticipationRatios(DWModes m, PetscInt bs)
{
  PetscInt n;
  PetscReal *s4;

  PetscFunctionBegin;
  PetscCall(VecGetSize(m->e[0], &n));
  PetscCall(PetscCalloc1(m->nmodes, &s4));
  for (PetscInt k = 0; k < m->nmodes; k++) PetscCall(LocalSum4(m->e[k], bs, &s4[k]));
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, s4, m->nmodes, MPIU_REAL, MPIU_SUM, m->comm));
  for (PetscInt k = 0; k < m->nmodes; k++) m->info[k].P = 1 / ((PetscReal)(n / bs) * s4[k]);
  PetscCall(PetscFree(s4));
  PetscFunctionReturn(0);
}

/* The integer vectors n of one half space (n and -n give the same O_k^{q,a}), |n| <= nmax. */
static PetscErrorCode WaveVectors(PetscInt nmax, PetscInt *nq, PetscInt **nvec)
{
  PetscInt c = 0, w = 2 * nmax + 1;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(3 * w * w * w, nvec));
  for (PetscInt a = -nmax; a <= nmax; a++)
    for (PetscInt b = -nmax; b <= nmax; b++)
      for (PetscInt d = -nmax; d <= nmax; d++) {
        const PetscInt r2 = a * a + b * b + d * d;
        if (r2 == 0 || r2 > nmax * nmax) continue;
        if (!(a > 0 || (a == 0 && (b > 0 || (b == 0 && d > 0))))) continue;
        (*nvec)[3 * c] = a, (*nvec)[3 * c + 1] = b, (*nvec)[3 * c + 2] = d;
        c++;
      }
  *nq = c;
  PetscFunctionReturn(0);
}

/* s_L = q/|q|, s_T1 = s_L x a / |.| with a the axis least aligned with q, s_T2 = s_L x s_T1. */
static void Polarisations(const PetscReal q[3], PetscReal s[3][3])
{
  const PetscReal r = PetscSqrtReal(q[0] * q[0] + q[1] * q[1] + q[2] * q[2]);
  PetscInt ax       = 0;
  PetscReal t;

  for (PetscInt c = 0; c < 3; c++) s[0][c] = q[c] / r;
  for (PetscInt c = 1; c < 3; c++)
    if (PetscAbsReal(s[0][c]) < PetscAbsReal(s[0][ax])) ax = c;
  s[1][0] = ax == 0 ? 0 : (ax == 1 ? -s[0][2] : s[0][1]);
  s[1][1] = ax == 1 ? 0 : (ax == 0 ? s[0][2] : -s[0][0]);
  s[1][2] = ax == 2 ? 0 : (ax == 0 ? -s[0][1] : s[0][0]);
  t       = PetscSqrtReal(s[1][0] * s[1][0] + s[1][1] * s[1][1] + s[1][2] * s[1][2]);
  for (PetscInt c = 0; c < 3; c++) s[1][c] /= t;
  s[2][0] = s[0][1] * s[1][2] - s[0][2] * s[1][1];
  s[2][1] = s[0][2] * s[1][0] - s[0][0] * s[1][2];
  s[2][2] = s[0][0] * s[1][1] - s[0][1] * s[1][0];
}

/* The wave vectors q[3 j] = 2 pi h^-T n_j of the box of the positions. */
static void WaveVectorsOfBox(const DWBox *box, PetscInt nq, const PetscInt nvec[], PetscReal q[])
{
  for (PetscInt j = 0; j < nq; j++) {
    const PetscReal n[3] = {(PetscReal)nvec[3 * j], (PetscReal)nvec[3 * j + 1],
                            (PetscReal)nvec[3 * j + 2]};
    DWBoxReciprocal(box, n, q + 3 * j);
  }
}

/* A[(q k) 6 + 2c + {0,1}] = sum_i {cos, sin}(q.r_i) e_ic^k over the local particles. */
static PetscErrorCode PlaneWaveSums(DWModes m, PetscInt nq, const PetscReal qv[], PetscReal A[])
{
  PetscInt lo, hi, np;
  PetscReal *cs, *sn;
  const PetscScalar **e;

  PetscFunctionBegin;
  PetscCall(VecGetOwnershipRange(m->e[0], &lo, &hi));
  np = (hi - lo) / 3;
  PetscCall(PetscMalloc3(np, &cs, np, &sn, m->nmodes, &e));
  for (PetscInt k = 0; k < m->nmodes; k++) PetscCall(VecGetArrayRead(m->e[k], &e[k]));
  for (PetscInt q = 0; q < nq; q++) {
    for (PetscInt i = 0; i < np; i++) {
      const PetscReal *r = m->x + lo + 3 * i;
      const PetscReal ph = qv[3 * q] * r[0] + qv[3 * q + 1] * r[1] + qv[3 * q + 2] * r[2];
      cs[i] = PetscCosReal(ph), sn[i] = PetscSinReal(ph);
    }
    for (PetscInt k = 0; k < m->nmodes; k++) {
      PetscReal *a = A + (q * m->nmodes + k) * 6;
      for (PetscInt i = 0; i < np; i++)
        for (PetscInt c = 0; c < 3; c++) {
          a[2 * c] += cs[i] * PetscRealPart(e[k][3 * i + c]);
          a[2 * c + 1] += sn[i] * PetscRealPart(e[k][3 * i + c]);
        }
    }
  }
  for (PetscInt k = 0; k < m->nmodes; k++) PetscCall(VecRestoreArrayRead(m->e[k], &e[k]));
  PetscCall(PetscFree3(cs, sn, e));
  PetscFunctionReturn(0);
}

/* O_k of every mode ([PRR20] eq. 3). */
static PetscErrorCode PhononOrder(DWModes m)
{
  PetscInt nq, *nvec, n;
  PetscReal *A, *qv, thresh;

  PetscFunctionBegin;
  PetscCall(VecGetSize(m->e[0], &n));
  thresh = m->phonon_Nm / (PetscReal)(n - 3);
  PetscCall(WaveVectors(m->phonon_nmax, &nq, &nvec));
  PetscCall(PetscCalloc1(6 * nq * m->nmodes, &A));
  PetscCall(PetscMalloc1(3 * nq + 1, &qv));
  WaveVectorsOfBox(&m->box, nq, nvec, qv);
  PetscCall(PlaneWaveSums(m, nq, qv, A));
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, A, 6 * nq * m->nmodes, MPIU_REAL, MPIU_SUM, m->comm));
  for (PetscInt k = 0; k < m->nmodes; k++) m->info[k].O = 0;
  for (PetscInt q = 0; q < nq; q++) {
    PetscReal s[3][3];
    Polarisations(qv + 3 * q, s);
    for (PetscInt k = 0; k < m->nmodes; k++) {
      const PetscReal *a = A + (q * m->nmodes + k) * 6;
      for (PetscInt p = 0; p < 3; p++) {
        const PetscReal re = s[p][0] * a[0] + s[p][1] * a[2] + s[p][2] * a[4];
        const PetscReal im = s[p][0] * a[1] + s[p][1] * a[3] + s[p][2] * a[5];
        const PetscReal O  = (re * re + im * im) / (PetscReal)(n / 3);
        if (O >= thresh) m->info[k].O += 2 * O;
      }
    }
  }
  PetscCall(PetscFree(A));
  PetscCall(PetscFree(qv));
  PetscCall(PetscFree(nvec));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesAnalyse(DWModes m)
{
  PetscInt bs, n;

  PetscFunctionBegin;
  if (!m->nmodes) PetscFunctionReturn(0);
  PetscCall(MatGetBlockSize(m->H, &bs));
  PetscCall(VecGetSize(m->e[0], &n));
  if (n % bs) bs = 1;
  PetscCall(ParticipationRatios(m, bs));
  if (m->x && n % 3 == 0)
    PetscCall(PhononOrder(m));
  else
    for (PetscInt k = 0; k < m->nmodes; k++) m->info[k].O = NAN;
  for (PetscInt k = 0; k < m->nmodes; k++) {
    DWModeInfo *f = &m->info[k];
    f->qlm        = (PetscBool)(f->lambda > 0 && f->omega < m->qlm_omega && f->P < m->qlm_pr);
  }
  PetscFunctionReturn(0);
}
