/* FIRE 2.0, the fast inertial relaxation engine (Guenole, Noehring, Vaid, Houlle, Xie,
   Prakash, Bitzek, Comput. Mater. Sci. 175, 109584 (2020), Algorithm 2), on any n-vector x
   and any forces F: the -grad U of the minimiser (minfire.c), the NEB and string forces of a
   whole band (nebstage.c; not the gradient of any function: FIRE needs only forces, no
   energy) and the -grad V of a generic surface (nebsurface.c).
   Semi-implicit Euler with unit masses; P = F.v over the whole vector; on P > 0 the mixing
   v <- (1 - alpha) v + alpha |v| F/|F| and, after N_delay steps since the last P <= 0,
   dt <- min(f_inc dt, t_max dt0), alpha <- f_alpha alpha; on P <= 0 half a step back,
   v = 0, and (after the first N_delay steps) dt <- f_dec dt (not below t_min dt0),
   alpha <- alpha0. The step dt' <= dt is chosen so that no block of bs coordinates moves
   more than maxstep with the velocity after the kick, v + dt F (LAMMPS's dmax): bs = 1
   limits every coordinate (LAMMPS min_fire, the minimiser), bs = 3 every particle (a band).
   LAMMPS defaults: dt0 0.005 tau, t_max 10, t_min 0.02, N_delay 20, f_inc 1.1, f_dec 0.5,
   alpha0 0.25, f_alpha 0.99, maxstep 0.1 sigma.
   alphamin (default 0, FIRE 2.0 itself; the NEB's default is 0.1, neb.c) keeps
   alpha >= alphamin. On a gradient, alpha -> 0
   is what makes FIRE fast: undamped inertia on a conservative force loses nothing. On a
   force that is not a gradient (a climbing image whose tangent is not the saddle's unstable
   mode: its Jacobian is not symmetric) undamped inertia can pump energy into an oscillation
   that grows until P < 0 restarts it, again and again (flutter); a floor on alpha keeps
   the mixing towards F, hence damping, on (nebsolve.c). */
#include "landscape/fire.h"
#include "landscape/realvec.h"

void DWFIRESetDefaults(DWFIREParams *p)
{
  p->dt0      = 0.005;
  p->tmax     = 10;
  p->tmin     = 0.02;
  p->delay    = 20;
  p->finc     = 1.1;
  p->fdec     = 0.5;
  p->alpha0   = 0.25;
  p->falpha   = 0.99;
  p->maxstep  = 0.1;
  p->alphamin = 0;
}

/* Largest dt' <= dt with no block of v moving more than maxstep. */
static PetscReal LimitStep(PetscInt n, PetscInt bs, const PetscReal v[], PetscReal dt,
                           PetscReal maxstep)
{
  const PetscReal vmax = DWLargestBlockNorm(n, bs, v);
  return (dt * vmax > maxstep) ? maxstep / vmax : dt;
}

/* The velocity update of one step: mixing on P > 0, half step back and stop on P <= 0. */
static void Adapt(const DWFIREParams *p, PetscInt n, PetscInt step, PetscReal x[], PetscReal v[],
                  const PetscReal f[], PetscReal *dt, PetscReal *alpha, PetscInt *last_negative,
                  PetscReal *c1, PetscReal *c2)
{
  const PetscReal P = DWDot(n, f, v);

  *c1 = 1;
  *c2 = 0;
  if (P > 0) {
    const PetscReal vv = DWDot(n, v, v), ff = DWDot(n, f, f);
    *c1 = 1 - *alpha;
    *c2 = ff > 0 ? *alpha * PetscSqrtReal(vv / ff) : 0;
    if (step - *last_negative > p->delay) {
      *dt    = PetscMin(*dt * p->finc, p->tmax * p->dt0);
      *alpha = PetscMax(*alpha * p->falpha, p->alphamin);
    }
    return;
  }
  *last_negative = step;
  if (step > p->delay) {
    *alpha = p->alpha0;
    if (*dt * p->fdec >= p->tmin * p->dt0) *dt *= p->fdec;
  }
  for (PetscInt k = 0; k < n; k++) {
    x[k] -= 0.5 * *dt * v[k];
    v[k] = 0;
  }
}

PetscErrorCode DWFIRERun(const DWFIREParams *p, PetscInt n, PetscInt bs, PetscReal x[],
                         PetscInt maxit, DWFIREForceFn force, void *ctx, PetscInt *its,
                         DWFIREStatus *status)
{
  PetscReal *v, *f, *w, dt = p->dt0, alpha = p->alpha0;
  PetscInt last_negative = 0;

  PetscFunctionBegin;
  PetscCheck(bs > 0 && n % bs == 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "FIRE block size %" PetscInt_FMT " must be positive and divide n = %" PetscInt_FMT, bs,
             n);
  PetscCall(PetscCalloc3(n, &v, n, &f, n, &w));
  PetscCall(force(ctx, x, f, status));
  for (*its = 0; *status == DW_FIRE_CONTINUE && *its < maxit; (*its)++) {
    PetscReal c1, c2;
    Adapt(p, n, *its + 1, x, v, f, &dt, &alpha, &last_negative, &c1, &c2);
    /* the step limit uses the velocity after the kick, as in LAMMPS's first iteration */
    for (PetscInt k = 0; k < n; k++) w[k] = v[k] + dt * f[k];
    const PetscReal dtv = LimitStep(n, bs, w, dt, p->maxstep);
    /* on P <= 0, c1 = 1 and c2 = 0: the plain kick v = dt' F from rest */
    for (PetscInt k = 0; k < n; k++) {
      v[k] = c1 * (v[k] + dtv * f[k]) + c2 * f[k];
      x[k] += dtv * v[k];
    }
    PetscCall(force(ctx, x, f, status));
  }
  PetscCall(PetscFree3(v, f, w));
  PetscFunctionReturn(0);
}
