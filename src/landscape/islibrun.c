/* The record of one isoconfigurational run (DWISRun, include/dwell/islib.h) and the IS
   identity test.

   Identity tolerances (defaults DW_IS_ENERGY_TOL, DW_IS_DISPLACEMENT_TOL):
   - positions decide. An IS minimised to |F|_inf <= 1e-10 eps/sigma lies within
     |F| / lambda of the true minimum: ~1e-8 sigma for typical Hessian eigenvalues
     lambda ~ 1e-2 .. 1 eps/sigma^2, 1e-6 sigma for a rare soft mode with lambda ~ 1e-4.
     Two genuinely different IS of a glass differ by a rearrangement: the largest
     single-particle displacement of a double well is >= ~1e-2 sigma (d / sqrt(PR) with
     path lengths d ~ 0.1-1 sigma [PRL20, JCP23]). tol_x = 1e-4 sigma sits two orders of
     magnitude from both: the same IS is never split (a split would fake a candidate pair
     with no barrier), and what it merges would be a "double well" whose wells are
     1e-4 sigma apart, not a TLS. (A looser -min_ftol needs a looser tol_x.)
   - energy filters. Two copies of one IS differ in U/N by rounding (~1e-16 relative, the
     order of summation changes with the neighbour list) plus the residual-force error
     ~|F|^2 / lambda per particle, < 1e-16 eps: tol_e = 1e-10 eps per particle keeps six
     orders of margin and stays far below the energy scale of TLS (asymmetries ~1e-3 eps in
     total, 1e-6 eps per particle at N = 1500), which the positions resolve anyway.
   Measured (pss): an IS re-minimised from 5e-3 sigma displacements lands 3e-10 sigma and
   1e-15 eps per particle from itself (N = 256, tests/landscape/test_islib.c); among the 570
   IS of 8 runs of 100 tau in a T_f = 0.092 glass of N = 1500, the closest two are 3.8e-2
   sigma apart, no two within 2.5e-7 eps in total energy, and every transition moved some
   particle by more than 1e-2 sigma. */
#include "landscape/islibimpl.h"
#include <math.h>

PetscReal DWISDistance(PetscInt N, PetscReal L, const PetscReal xa[], const PetscReal xb[])
{
  PetscReal mean[3] = {0, 0, 0}, d2max = 0, d[3];
  DWBox box;

  DWBoxSetCubic(&box, L);
  for (PetscInt i = 0; i < N; i++) {
    DWISDisplacement(&box, xa, xb, i, d);
    for (int c = 0; c < 3; c++) mean[c] += d[c] / N;
  }
  for (PetscInt i = 0; i < N; i++) {
    PetscReal d2 = 0;
    DWISDisplacement(&box, xa, xb, i, d);
    for (int c = 0; c < 3; c++) d2 += (d[c] - mean[c]) * (d[c] - mean[c]);
    d2max = PetscMax(d2max, d2);
  }
  return PetscSqrtReal(d2max);
}

PetscBool DWISSame(PetscInt N, PetscReal L, PetscReal ea, const PetscReal xa[], PetscReal eb,
                   const PetscReal xb[], PetscReal tol_e, PetscReal tol_x)
{
  if (!(PetscAbsReal(ea - eb) <= tol_e)) return PETSC_FALSE;
  return (PetscBool)(DWISDistance(N, L, xa, xb) <= tol_x);
}

PetscErrorCode DWISRunInit(DWISRun *run, PetscInt index, PetscInt N, PetscReal L, PetscReal tau_cg,
                           PetscReal tau_total, PetscInt n_samples)
{
  PetscFunctionBegin;
  PetscCheck(N > 0 && L > 0 && n_samples >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "run %" PetscInt_FMT ": N = %" PetscInt_FMT ", L = %g, %" PetscInt_FMT " samples",
             index, N, (double)L, n_samples);
  PetscCall(PetscMemzero(run, sizeof(*run)));
  run->run       = index;
  run->N         = N;
  run->L         = L;
  run->tau_cg    = tau_cg;
  run->tau_total = tau_total;
  run->n_samples = n_samples;
  PetscCall(PetscMalloc2(n_samples, &run->sample_is, n_samples, &run->sample_energy));
  for (PetscInt k = 0; k < n_samples; k++) {
    run->sample_is[k]     = -1;
    run->sample_energy[k] = NAN;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWISRunDestroy(DWISRun *run)
{
  PetscFunctionBegin;
  PetscCall(PetscFree2(run->energy, run->x));
  PetscCall(PetscFree2(run->sample_is, run->sample_energy));
  PetscCall(PetscFree2(run->visit_is, run->visit_time));
  PetscCall(PetscMemzero(run, sizeof(*run)));
  PetscFunctionReturn(0);
}

static PetscErrorCode GrowIS(DWISRun *run)
{
  const PetscInt n3 = 3 * run->N, cap = PetscMax(8, 2 * run->cap_is);
  PetscReal *e, *x;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(cap, &e, cap * n3, &x));
  PetscCall(PetscArraycpy(e, run->energy, run->n_is));
  PetscCall(PetscArraycpy(x, run->x, run->n_is * n3));
  PetscCall(PetscFree2(run->energy, run->x));
  run->energy = e;
  run->x      = x;
  run->cap_is = cap;
  PetscFunctionReturn(0);
}

PetscErrorCode DWISRunAddIS(DWISRun *run, PetscReal e, const PetscReal x[], PetscReal tol_e,
                            PetscReal tol_x, PetscInt *label, PetscBool *isnew)
{
  const PetscInt n3 = 3 * run->N;

  PetscFunctionBegin;
  PetscCheck(PetscIsNormalReal(e) || e == 0, PETSC_COMM_SELF, PETSC_ERR_FP,
             "run %" PetscInt_FMT ": IS energy %g is not finite", run->run, (double)e);
  if (isnew) *isnew = PETSC_FALSE;
  /* newest first: a run mostly returns to the IS it has just seen */
  for (PetscInt a = run->n_is - 1; a >= 0; a--) {
    if (DWISSame(run->N, run->L, e, x, run->energy[a], run->x + a * n3, tol_e, tol_x)) {
      *label = a;
      PetscFunctionReturn(0);
    }
  }
  if (run->n_is == run->cap_is) PetscCall(GrowIS(run));
  run->energy[run->n_is] = e;
  PetscCall(PetscArraycpy(run->x + run->n_is * n3, x, n3));
  *label = run->n_is++;
  if (isnew) *isnew = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWISRunAddVisit(DWISRun *run, PetscInt label, PetscReal t)
{
  PetscFunctionBegin;
  PetscCheck(label >= 0 && label < run->n_is, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "run %" PetscInt_FMT ": visit of IS %" PetscInt_FMT
             ", which is not in the run (%" PetscInt_FMT " IS)",
             run->run, label, run->n_is);
  if (run->n_visits && run->visit_is[run->n_visits - 1] == label) PetscFunctionReturn(0);
  PetscCheck(!run->n_visits || t >= run->visit_time[run->n_visits - 1], PETSC_COMM_SELF,
             PETSC_ERR_ARG_OUTOFRANGE,
             "run %" PetscInt_FMT ": visit at t = %g before the previous one at %g", run->run,
             (double)t, (double)run->visit_time[run->n_visits - 1]);
  if (run->n_visits == run->cap_visits) {
    const PetscInt cap = PetscMax(16, 2 * run->cap_visits);
    PetscInt *is;
    PetscReal *time;
    PetscCall(PetscMalloc2(cap, &is, cap, &time));
    PetscCall(PetscArraycpy(is, run->visit_is, run->n_visits));
    PetscCall(PetscArraycpy(time, run->visit_time, run->n_visits));
    PetscCall(PetscFree2(run->visit_is, run->visit_time));
    run->visit_is   = is;
    run->visit_time = time;
    run->cap_visits = cap;
  }
  run->visit_is[run->n_visits]   = label;
  run->visit_time[run->n_visits] = t;
  run->n_visits++;
  PetscFunctionReturn(0);
}

PetscErrorCode DWISRunSetSample(DWISRun *run, PetscInt k, PetscInt label, PetscReal energy)
{
  PetscFunctionBegin;
  PetscCheck(k >= 0 && k < run->n_samples, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "run %" PetscInt_FMT ": sample %" PetscInt_FMT " not in 0..%" PetscInt_FMT, run->run,
             k, run->n_samples - 1);
  PetscCheck(label >= -1 && label < run->n_is, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "run %" PetscInt_FMT ": sample of IS %" PetscInt_FMT ", which is not in the run",
             run->run, label);
  run->sample_is[k]     = label;
  run->sample_energy[k] = energy;
  PetscFunctionReturn(0);
}

/* ---- gathering the runs of all ranks ---- */

#define NINT_HEADER  9
#define NREAL_HEADER 4

void DWISRunPackedSize(const DWISRun *r, PetscInt *ni, PetscInt *nr)
{
  *ni = NINT_HEADER + r->n_samples + r->n_visits;
  *nr = NREAL_HEADER + r->n_is * (1 + 3 * r->N) + r->n_visits + r->n_samples;
}

PetscErrorCode DWISRunPack(const DWISRun *r, PetscInt *ib, PetscReal *rb)
{
  const PetscInt head[NINT_HEADER] = {
      r->run,       r->N,     r->n_is,         r->n_samples,
      r->n_visits,  r->n_min, r->n_min_failed, r->n_force_evaluations,
      r->n_md_steps};

  PetscFunctionBegin;
  PetscCall(PetscArraycpy(ib, head, NINT_HEADER));
  PetscCall(PetscArraycpy(ib + NINT_HEADER, r->sample_is, r->n_samples));
  PetscCall(PetscArraycpy(ib + NINT_HEADER + r->n_samples, r->visit_is, r->n_visits));
  rb[0] = r->L;
  rb[1] = r->tau_cg;
  rb[2] = r->tau_total;
  rb[3] = (PetscReal)r->cpu_time;
  rb += NREAL_HEADER;
  PetscCall(PetscArraycpy(rb, r->energy, r->n_is));
  PetscCall(PetscArraycpy(rb + r->n_is, r->x, r->n_is * 3 * r->N));
  PetscCall(PetscArraycpy(rb + r->n_is * (1 + 3 * r->N), r->visit_time, r->n_visits));
  PetscCall(
      PetscArraycpy(rb + r->n_is * (1 + 3 * r->N) + r->n_visits, r->sample_energy, r->n_samples));
  PetscFunctionReturn(0);
}

PetscErrorCode DWISRunUnpack(const PetscInt **ib, const PetscReal **rb, DWISRun *r)
{
  const PetscInt *i   = *ib;
  const PetscReal *x  = *rb;
  const PetscInt n_is = i[2], n_visits = i[4], n3 = 3 * i[1];

  PetscFunctionBegin;
  PetscCall(DWISRunInit(r, i[0], i[1], x[0], x[1], x[2], i[3]));
  r->n_min               = i[5];
  r->n_min_failed        = i[6];
  r->n_force_evaluations = i[7];
  r->n_md_steps          = i[8];
  r->cpu_time            = (PetscLogDouble)x[3];
  PetscCall(PetscArraycpy(r->sample_is, i + NINT_HEADER, r->n_samples));
  r->cap_is = n_is;
  r->n_is   = n_is;
  PetscCall(PetscMalloc2(n_is, &r->energy, n_is * n3, &r->x));
  PetscCall(PetscArraycpy(r->energy, x + NREAL_HEADER, n_is));
  PetscCall(PetscArraycpy(r->x, x + NREAL_HEADER + n_is, n_is * n3));
  r->cap_visits = n_visits;
  r->n_visits   = n_visits;
  PetscCall(PetscMalloc2(n_visits, &r->visit_is, n_visits, &r->visit_time));
  PetscCall(PetscArraycpy(r->visit_is, i + NINT_HEADER + r->n_samples, n_visits));
  PetscCall(PetscArraycpy(r->visit_time, x + NREAL_HEADER + n_is * (1 + n3), n_visits));
  PetscCall(
      PetscArraycpy(r->sample_energy, x + NREAL_HEADER + n_is * (1 + n3) + n_visits, r->n_samples));
  *ib += NINT_HEADER + r->n_samples + n_visits;
  *rb += NREAL_HEADER + n_is * (1 + n3) + n_visits + r->n_samples;
  PetscFunctionReturn(0);
}

/* Concatenates the `n` entries of every rank's buffer, in rank order, on every rank. */
static PetscErrorCode AllGatherv(MPI_Comm comm, PetscInt n, const void *send, MPI_Datatype type,
                                 size_t size, void **recv)
{
  PetscMPIInt nranks, count, *counts, *displs;
  PetscInt64 total = 0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(comm, &nranks));
  PetscCall(PetscMPIIntCast(n, &count));
  PetscCall(PetscMalloc2(nranks, &counts, nranks, &displs));
  PetscCallMPI(MPI_Allgather(&count, 1, MPI_INT, counts, 1, MPI_INT, comm));
  for (PetscMPIInt p = 0; p < nranks; p++) {
    PetscCall(PetscMPIIntCast(total, &displs[p]));
    total += counts[p];
  }
  PetscCall(PetscMalloc((size_t)PetscMax(total, 1) * size, recv));
  PetscCallMPI(MPI_Allgatherv(send, count, type, *recv, counts, displs, type, comm));
  PetscCall(PetscFree2(counts, displs));
  PetscFunctionReturn(0);
}

PetscErrorCode DWISRunAllGather(MPI_Comm comm, PetscInt nlocal, const DWISRun local[],
                                PetscInt *nall, DWISRun **all)
{
  PetscInt ni = 0, nr = 0, a, b;
  PetscInt *ib, *iall;
  PetscReal *rb, *rall;
  const PetscInt *ip;
  const PetscReal *rp;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < nlocal; k++) {
    DWISRunPackedSize(&local[k], &a, &b);
    ni += a;
    nr += b;
  }
  PetscCall(PetscMalloc2(PetscMax(ni, 1), &ib, PetscMax(nr, 1), &rb));
  for (PetscInt k = 0, io = 0, ro = 0; k < nlocal; k++) {
    PetscCall(DWISRunPack(&local[k], ib + io, rb + ro));
    DWISRunPackedSize(&local[k], &a, &b);
    io += a;
    ro += b;
  }
  PetscCallMPI(MPI_Allreduce(&nlocal, nall, 1, MPIU_INT, MPI_SUM, comm));
  PetscCall(AllGatherv(comm, ni, ib, MPIU_INT, sizeof(PetscInt), (void **)&iall));
  PetscCall(AllGatherv(comm, nr, rb, MPIU_REAL, sizeof(PetscReal), (void **)&rall));
  PetscCall(PetscFree2(ib, rb));
  PetscCall(PetscCalloc1(PetscMax(*nall, 1), all));
  ip = iall;
  rp = rall;
  for (PetscInt k = 0; k < *nall; k++) PetscCall(DWISRunUnpack(&ip, &rp, &(*all)[k]));
  PetscCall(PetscFree(iall));
  PetscCall(PetscFree(rall));
  PetscFunctionReturn(0);
}
