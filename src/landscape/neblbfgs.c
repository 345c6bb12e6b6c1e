/* L-BFGS on the NEB force of a whole band (-neb_optimizer lbfgs; nebstage.c): the global
   quasi-Newton band optimiser of Sheppard, Terrell and Henkelman, J. Chem. Phys. 128, 134106
   (2008), section II.C ("L-BFGS" with all images in one vector), the two-loop recursion of
   Nocedal and Wright, "Numerical Optimization", 2nd ed., alg. 7.4, with the scaling
   H0 = gamma I, gamma = s.y / y.y of the newest pair (eq. 7.20).
   The NEB force F is not the gradient of any function (springs act along the tangent only,
   the climbing image's parallel force is inverted), so there is no energy for a line search:
   every iteration takes the full quasi-Newton step d = H F, one force evaluation per step,
   with the safeguards of Sheppard et al.:
     - every block of bs coordinates (one particle of one image) moves at most maxstep per
       step (d scaled as a whole, so its direction is kept); nebstage.c sets maxstep to the
       smaller of -neb_maxstep and -neb_lbfgs_spacing (0.1) times the shortest image spacing
       at the start of the stage: measured on a ka pair (bench/neb.sh, ka:1), with 0.1 sigma
       per step the string's images crossed into other basins (17 splits, not converged),
       with 0.01 sigma it converged in 780 iterations (FIRE: 1645);
     - the memory is reset when the force-step product F.d turns negative (d is then no
       descent direction of the local quadratic model): d = gamma F, a steepest-descent step
       with the last curvature scale;
     - a pair with s.y <= 0 (negative curvature along the step, or a force that turned
       across it) is not stored;
     - the caller starts a new run, hence an empty memory, when the climbing image is switched
       on (the force field changes).
   The callback may move x (the string method redistributes its images): the stored s is the
   displacement between the positions the forces belong to. */
#include "landscape/nebimpl.h"

typedef struct {
  PetscInt n, m, count, head; /* count pairs stored, the newest at head */
  PetscReal *S, *Y, *rho, *a, gamma;
} Memory;

/* d = H f by the two-loop recursion over the stored pairs (H = gamma I without any). */
static void Direction(Memory *h, const PetscReal f[], PetscReal d[])
{
  const PetscInt n = h->n;

  for (PetscInt k = 0; k < n; k++) d[k] = f[k];
  for (PetscInt c = 0; c < h->count; c++) {
    const PetscInt i = (h->head - c + h->m) % h->m;
    h->a[i]          = h->rho[i] * DWDot(n, h->S + i * n, d);
    for (PetscInt k = 0; k < n; k++) d[k] -= h->a[i] * h->Y[i * n + k];
  }
  for (PetscInt k = 0; k < n; k++) d[k] *= h->gamma;
  for (PetscInt c = h->count - 1; c >= 0; c--) {
    const PetscInt i     = (h->head - c + h->m) % h->m;
    const PetscReal beta = h->rho[i] * DWDot(n, h->Y + i * n, d);
    for (PetscInt k = 0; k < n; k++) d[k] += (h->a[i] - beta) * h->S[i * n + k];
  }
}

/* Stores s = x - xold and y = fold - f (the gradient difference) unless s.y <= 0. */
static void Store(Memory *h, const PetscReal x[], const PetscReal xold[], const PetscReal f[],
                  const PetscReal fold[])
{
  const PetscInt n = h->n, i = (h->head + 1) % h->m;
  PetscReal sy = 0, yy = 0;

  for (PetscInt k = 0; k < n; k++) {
    sy += (x[k] - xold[k]) * (fold[k] - f[k]);
    yy += (fold[k] - f[k]) * (fold[k] - f[k]);
  }
  if (!(sy > 0 && yy > 0)) return;
  for (PetscInt k = 0; k < n; k++) {
    h->S[i * n + k] = x[k] - xold[k];
    h->Y[i * n + k] = fold[k] - f[k];
  }
  h->head   = i;
  h->rho[i] = 1 / sy;
  h->gamma  = sy / yy;
  h->count  = PetscMin(h->count + 1, h->m);
}

/* The step d = H f, reset to gamma f when f.d <= 0, scaled so that no block moves more
   than maxstep; *resets counts the resets. */
static void Step(Memory *h, const DWNEBLBFGSParams *p, PetscInt bs, const PetscReal f[],
                 PetscReal d[], PetscInt *resets)
{
  const PetscInt n = h->n;

  Direction(h, f, d);
  if (!(DWDot(n, f, d) > 0)) {
    h->count = 0;
    (*resets)++;
    for (PetscInt k = 0; k < n; k++) d[k] = h->gamma * f[k];
  }
  const PetscReal dmax = DWLargestBlockNorm(n, bs, d);
  if (dmax > p->maxstep)
    for (PetscInt k = 0; k < n; k++) d[k] *= p->maxstep / dmax;
}

PetscErrorCode DWNEBLBFGSRun(const DWNEBLBFGSParams *p, PetscInt n, PetscInt bs, PetscReal x[],
                             PetscInt maxit, DWFIREForceFn force, void *ctx, PetscInt *its,
                             DWFIREStatus *status)
{
  Memory h = {n, p->m, 0, p->m - 1, NULL, NULL, NULL, NULL, p->alpha0};
  PetscReal *f, *fold, *xold, *d;
  PetscInt resets = 0;

  PetscFunctionBegin;
  PetscCheck(bs > 0 && n % bs == 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "L-BFGS block size %" PetscInt_FMT " must be positive and divide n = %" PetscInt_FMT,
             bs, n);
  PetscCall(PetscMalloc4(p->m * n, &h.S, p->m * n, &h.Y, p->m, &h.rho, p->m, &h.a));
  PetscCall(PetscMalloc4(n, &f, n, &fold, n, &xold, n, &d));
  PetscCall(force(ctx, x, f, status));
  for (*its = 0; *status == DW_FIRE_CONTINUE && *its < maxit; (*its)++) {
    Step(&h, p, bs, f, d, &resets);
    PetscCall(PetscArraycpy(xold, x, n));
    PetscCall(PetscArraycpy(fold, f, n));
    for (PetscInt k = 0; k < n; k++) x[k] += d[k];
    PetscCall(force(ctx, x, f, status));
    Store(&h, x, xold, f, fold);
  }
  PetscCall(PetscInfo(NULL, "band L-BFGS: %" PetscInt_FMT " steps, %" PetscInt_FMT " resets\n",
                      *its, resets));
  PetscCall(PetscFree4(h.S, h.Y, h.rho, h.a));
  PetscCall(PetscFree4(f, fold, xold, d));
  PetscFunctionReturn(0);
}
