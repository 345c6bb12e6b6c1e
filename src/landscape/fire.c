/* FIRE 2.0 minimisation (Guenole, Noehring, Vaid, Houlle, Xie, Prakash, Bitzek, Comput.
   Mater. Sci. 175, 109584 (2020), Algorithm 2), with the LAMMPS defaults: semi-implicit
   Euler with unit masses, dt0 = -min_fire_dt (0.005 tau, LAMMPS's lj timestep),
   dt_max = 10 dt0, dt_min = 0.02 dt0, N_delay = 20 (also at the start), f_inc = 1.1,
   f_dec = 0.5, alpha0 = 0.25, f_alpha = 0.99, and on P = F.v <= 0 a half step back and
   v = 0. No particle moves more than -min_maxstep per step (LAMMPS dmax 0.1).
   One force evaluation per iteration. */
#include "landscape/minimizerimpl.h"

static PetscErrorCode SetFromOptions_FIRE(DWMinimizer min, PetscOptionItems *PetscOptionsObject)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsReal("-min_fire_dt", "FIRE initial time step dt0 (tau)", NULL, min->fire_dt, &min->fire_dt, NULL));
  PetscCheck(min->fire_dt > 0, min->comm, PETSC_ERR_ARG_OUTOFRANGE, "-min_fire_dt %g must be positive", (double)min->fire_dt);
  PetscFunctionReturn(0);
}

/* Largest step dt' <= dt such that no particle moves more than maxstep with velocity v. */
static PetscReal LimitStep(PetscInt n, const PetscReal v[], PetscReal dt, PetscReal maxstep)
{
  PetscReal vmax = 0;
  for (PetscInt k = 0; k < n; k++) vmax = PetscMax(vmax, PetscAbsReal(v[k]));
  return (dt * vmax > maxstep) ? maxstep / vmax : dt;
}

static PetscErrorCode Solve_FIRE(DWMinimizer min, DWSystem sys, DWPotential pot, DWNeighborList nl, DWMinimizerResult *res)
{
  const PetscInt n = 3 * sys->N;
  PetscReal     *x = sys->x, *v = min->v, *f = min->f, U, dt = min->fire_dt, alpha = min->fire_alpha0;
  PetscInt       last_negative = 0;

  PetscFunctionBegin;
  PetscCall(PetscArrayzero(v, n));
  PetscCall(DWMinimizerEvaluate(sys, pot, nl, &U, f, res));
  for (res->iterations = 0;; res->iterations++) {
    res->fmax = DWMinimizerFmax(n, f);
    if (PetscIsNanReal(res->fmax) || PetscIsInfReal(res->fmax)) {
      res->reason = DW_MIN_DIVERGED_NAN;
      break;
    }
    if (res->fmax <= min->ftol) {
      res->reason = DW_MIN_CONVERGED;
      break;
    }
    if (res->iterations >= min->maxit) {
      res->reason = DW_MIN_DIVERGED_MAXIT;
      break;
    }
    const PetscInt step = res->iterations + 1;
    PetscReal      P = 0, vv = 0, ff = 0, c1 = 1, c2 = 0;
    for (PetscInt k = 0; k < n; k++) P += f[k] * v[k];
    if (P > 0) {
      for (PetscInt k = 0; k < n; k++) {
        vv += v[k] * v[k];
        ff += f[k] * f[k];
      }
      c1 = 1 - alpha;
      c2 = ff > 0 ? alpha * PetscSqrtReal(vv / ff) : 0;
      if (step - last_negative > min->fire_delay) {
        dt = PetscMin(dt * min->fire_finc, min->fire_tmax * min->fire_dt);
        alpha *= min->fire_falpha;
      }
    } else {
      last_negative = step;
      if (step > min->fire_delay) {
        alpha = min->fire_alpha0;
        if (dt * min->fire_fdec >= min->fire_tmin * min->fire_dt) dt *= min->fire_fdec;
      }
      for (PetscInt k = 0; k < n; k++) {
        x[k] -= 0.5 * dt * v[k];
        v[k] = 0;
      }
    }
    /* the step limit uses the velocity after the kick, as in LAMMPS's first iteration */
    for (PetscInt k = 0; k < n; k++) min->d[k] = v[k] + dt * f[k];
    const PetscReal dtv = LimitStep(n, min->d, dt, min->maxstep);
    for (PetscInt k = 0; k < n; k++) {
      v[k] += dtv * f[k];
      if (P > 0) v[k] = c1 * v[k] + c2 * f[k];
      x[k] += dtv * v[k];
    }
    PetscCall(DWMinimizerEvaluate(sys, pot, nl, &U, f, res));
  }
  res->energy = U / sys->N;
  PetscFunctionReturn(0);
}

const DWMinimizerOps DWMinimizerFIRE = {DWMINIMIZER_FIRE, SetFromOptions_FIRE, Solve_FIRE};
