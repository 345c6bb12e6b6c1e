/* DWSurface: a generic energy surface V(x), x in R^n, for minimum energy paths
   (include/dwell/neb.h). Defaults: plain difference a - b; minimisation by FIRE 2.0 on -grad V
   to |grad V|_inf <= 1e-10; the Hessian by central differences of the gradient,
   H_jk = [g_k(x + h e_j) - g_k(x - h e_j)] / (2h), symmetrised, h = 1e-5 (1 + |x_j|)
   (error O(h^2 V''''), ~1e-9 relative on smooth surfaces), as a dense Mat. */
#include "landscape/nebimpl.h"

PetscErrorCode DWSurfaceCreate(MPI_Comm comm, PetscInt n, DWSurface *s)
{
  DWSurface p;

  PetscFunctionBegin;
  PetscCheck(n > 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "surface dimension n = %" PetscInt_FMT " must be positive", n);
  PetscCall(PetscNew(&p));
  p->comm      = comm;
  p->n         = n;
  p->bs        = 1;
  p->min_gtol  = 1e-10;
  p->min_maxit = 100000;
  *s           = p;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSurfaceDestroy(DWSurface *s)
{
  PetscFunctionBegin;
  if (!*s) PetscFunctionReturn(0);
  if ((*s)->destroyctx) PetscCall((*s)->destroyctx(&(*s)->ctx));
  PetscCall(PetscFree((*s)->null));
  PetscCall(PetscFree(*s));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSurfaceSetEnergy(DWSurface s, DWSurfaceEnergyFn energy, void *ctx)
{
  PetscFunctionBegin;
  s->energy = energy;
  s->ctx    = ctx;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSurfaceSetDifference(DWSurface s, DWSurfaceDifferenceFn difference)
{
  PetscFunctionBegin;
  s->difference = difference;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSurfaceSetMinimize(DWSurface s, DWSurfaceMinimizeFn minimize)
{
  PetscFunctionBegin;
  s->minimize = minimize;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSurfaceSetHessian(DWSurface s, DWSurfaceHessianFn hessian)
{
  PetscFunctionBegin;
  s->hessian = hessian;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSurfaceSetBlockSize(DWSurface s, PetscInt bs)
{
  PetscFunctionBegin;
  PetscCheck(bs > 0 && s->n % bs == 0, s->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "block size %" PetscInt_FMT " must be positive and divide n = %" PetscInt_FMT, bs,
             s->n);
  s->bs = bs;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSurfaceSetNullSpace(DWSurface s, PetscInt k, const PetscReal v[],
                                     PetscBool removemean)
{
  PetscFunctionBegin;
  PetscCheck(k >= 0 && k < s->n, s->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "null space dimension %" PetscInt_FMT " must be in [0, n)", k);
  PetscCall(PetscFree(s->null));
  s->nnull      = k;
  s->removemean = removemean;
  if (k) {
    PetscCall(PetscMalloc1(k * s->n, &s->null));
    PetscCall(PetscArraycpy(s->null, v, k * s->n));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWSurfaceSetMinimizeTolerances(DWSurface s, PetscReal gtol, PetscInt maxit)
{
  PetscFunctionBegin;
  PetscCheck(gtol > 0, s->comm, PETSC_ERR_ARG_OUTOFRANGE, "minimiser tolerance %g must be positive",
             (double)gtol);
  PetscCheck(maxit > 0, s->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "minimiser iteration cap %" PetscInt_FMT " must be positive", maxit);
  s->min_gtol  = gtol;
  s->min_maxit = maxit;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSurfaceGetSize(DWSurface s, PetscInt *n, PetscInt *bs)
{
  PetscFunctionBegin;
  if (n) *n = s->n;
  if (bs) *bs = s->bs;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSurfaceGetComm(DWSurface s, MPI_Comm *comm)
{
  PetscFunctionBegin;
  *comm = s->comm;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSurfaceGetEvaluations(DWSurface s, PetscInt *count)
{
  PetscFunctionBegin;
  *count = s->evaluations;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSurfaceGetNullSpace(DWSurface s, PetscInt *k, const PetscReal *v[])
{
  PetscFunctionBegin;
  *k = s->nnull;
  *v = s->null;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSurfaceEvaluate(DWSurface s, PetscInt slot, const PetscReal x[], PetscReal *V,
                                 PetscReal g[])
{
  PetscFunctionBegin;
  PetscCheck(s->energy, s->comm, PETSC_ERR_ORDER,
             "the surface has no energy function (DWSurfaceSetEnergy)");
  PetscCall(s->energy(s->ctx, slot, x, V, g));
  s->evaluations++;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSurfaceDifference(DWSurface s, const PetscReal a[], const PetscReal b[],
                                   PetscReal d[])
{
  PetscFunctionBegin;
  if (s->difference)
    PetscCall(s->difference(s->ctx, a, b, d));
  else
    for (PetscInt k = 0; k < s->n; k++) d[k] = a[k] - b[k];
  PetscFunctionReturn(0);
}

PetscErrorCode DWSurfaceAlign(DWSurface s, const PetscReal a[], const PetscReal b[],
                              PetscReal bout[])
{
  const PetscInt bs = s->bs, nb = s->n / bs;
  PetscReal mean[16] = {0};

  PetscFunctionBegin;
  PetscCall(DWSurfaceDifference(s, b, a, bout));
  if (s->removemean && bs <= 16) {
    for (PetscInt i = 0; i < nb; i++)
      for (PetscInt c = 0; c < bs; c++) mean[c] += bout[i * bs + c] / nb;
    for (PetscInt i = 0; i < nb; i++)
      for (PetscInt c = 0; c < bs; c++) bout[i * bs + c] -= mean[c];
  }
  for (PetscInt k = 0; k < s->n; k++) bout[k] += a[k];
  PetscFunctionReturn(0);
}

PetscErrorCode DWSurfaceMaxDisplacement(DWSurface s, const PetscReal a[], const PetscReal b[],
                                        PetscReal *dmax)
{
  PetscReal *d;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(s->n, &d));
  PetscCall(DWSurfaceDifference(s, a, b, d));
  *dmax = 0;
  for (PetscInt i = 0; i < s->n / s->bs; i++)
    *dmax = PetscMax(*dmax, PetscSqrtReal(DWDot(s->bs, d + i * s->bs, d + i * s->bs)));
  PetscCall(PetscFree(d));
  PetscFunctionReturn(0);
}

typedef struct {
  DWSurface s;
  PetscReal V;
} MinimizeCtx;

static PetscErrorCode GradientForce(void *ctx, PetscReal x[], PetscReal f[], DWFIREStatus *status)
{
  MinimizeCtx *c = (MinimizeCtx *)ctx;

  PetscFunctionBegin;
  PetscCall(DWSurfaceEvaluate(c->s, DW_SURFACE_SLOT_SCRATCH, x, &c->V, f));
  for (PetscInt k = 0; k < c->s->n; k++) f[k] = -f[k];
  const PetscReal g = DWNormInf(c->s->n, f);
  *status           = PetscIsNanReal(g) || PetscIsInfReal(c->V)
                          ? DW_FIRE_ABORT
                          : (g <= c->s->min_gtol ? DW_FIRE_DONE : DW_FIRE_CONTINUE);
  PetscFunctionReturn(0);
}

PetscErrorCode DWSurfaceMinimize(DWSurface s, PetscReal x[], PetscReal *V, PetscInt *nevals,
                                 PetscBool *converged)
{
  DWFIREParams p;
  MinimizeCtx c = {s, 0};
  PetscInt its, e0 = s->evaluations;
  DWFIREStatus status;

  PetscFunctionBegin;
  if (s->minimize) {
    PetscCall(s->minimize(s->ctx, x, V, nevals, converged));
    s->evaluations += *nevals;
    PetscFunctionReturn(0);
  }
  DWFIRESetDefaults(&p);
  PetscCall(DWFIRERun(&p, s->n, s->bs, x, s->min_maxit, GradientForce, &c, &its, &status));
  *V         = c.V;
  *nevals    = s->evaluations - e0;
  *converged = (PetscBool)(status == DW_FIRE_DONE);
  PetscFunctionReturn(0);
}

/* Central differences of the gradient, symmetrised, into a dense Mat on PETSC_COMM_SELF. */
static PetscErrorCode HessianFiniteDifference(DWSurface s, const PetscReal x[], Mat *H)
{
  const PetscInt n = s->n;
  PetscReal *xp, *gp, *gm, *h, V;
  PetscScalar *a;

  PetscFunctionBegin;
  PetscCall(PetscMalloc4(n, &xp, n, &gp, n, &gm, n * n, &h));
  for (PetscInt j = 0; j < n; j++) {
    const PetscReal dx = 1e-5 * (1 + PetscAbsReal(x[j]));
    PetscCall(PetscArraycpy(xp, x, n));
    xp[j] = x[j] + dx;
    PetscCall(DWSurfaceEvaluate(s, DW_SURFACE_SLOT_SCRATCH, xp, &V, gp));
    xp[j] = x[j] - dx;
    PetscCall(DWSurfaceEvaluate(s, DW_SURFACE_SLOT_SCRATCH, xp, &V, gm));
    for (PetscInt k = 0; k < n; k++) h[j * n + k] = (gp[k] - gm[k]) / (2 * dx);
  }
  PetscCall(MatCreateSeqDense(PETSC_COMM_SELF, n, n, NULL, H));
  PetscCall(MatDenseGetArray(*H, &a));
  for (PetscInt j = 0; j < n; j++)
    for (PetscInt k = 0; k < n; k++) a[k * n + j] = 0.5 * (h[j * n + k] + h[k * n + j]);
  PetscCall(MatDenseRestoreArray(*H, &a));
  PetscCall(MatAssemblyBegin(*H, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(*H, MAT_FINAL_ASSEMBLY));
  PetscCall(PetscFree4(xp, gp, gm, h));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSurfaceCreateHessian(DWSurface s, const PetscReal x[], Mat *H)
{
  PetscFunctionBegin;
  if (s->hessian)
    PetscCall(s->hessian(s->ctx, x, H));
  else
    PetscCall(HessianFiniteDifference(s, x, H));
  PetscFunctionReturn(0);
}
