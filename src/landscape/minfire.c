/* The FIRE 2.0 minimiser (-min_type fire; Guenole, Noehring, Vaid, Houlle, Xie, Prakash,
   Bitzek, Comput. Mater. Sci. 175, 109584 (2020), Algorithm 2): the algorithm of fire.c on
   the 3N positions with the forces -grad U, with the LAMMPS defaults (semi-implicit Euler
   with unit masses, dt0 = -min_fire_dt (0.005 tau, LAMMPS's lj timestep), dt_max = 10 dt0,
   dt_min = 0.02 dt0, N_delay = 20 (also at the start), f_inc = 1.1, f_dec = 0.5,
   alpha0 = 0.25, f_alpha = 0.99, and on P = F.v <= 0 a half step back and v = 0). As in
   LAMMPS min_fire, no coordinate moves more than -min_maxstep per step (dmax 0.1; FIRE block
   size 1). One force evaluation per iteration; the stopping test is DWMinimizerStop's. */
#include "landscape/minimizerimpl.h"

static PetscErrorCode SetFromOptions_FIRE(DWMinimizer min, PetscOptionItems *PetscOptionsObject)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsReal("-fire_dt", "FIRE initial time step dt0 (tau)", NULL, min->fire.dt0,
                             &min->fire.dt0, NULL));
  PetscCheck(min->fire.dt0 > 0, min->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-%sfire_dt %g must be positive", min->prefix, (double)min->fire.dt0);
  PetscFunctionReturn(0);
}

typedef struct {
  DWMinimizer min;
  DWSystem sys;
  DWPotential pot;
  DWNeighborList nl;
  DWMinimizerResult *res;
  PetscReal U; /* total energy at the last evaluation, eps */
  PetscInt N;
} SolveCtx;

/* FIRE's force callback; x is the system's positions, moved in place by FIRE. */
static PetscErrorCode Forces(void *ctx, PetscReal x[], PetscReal f[], DWFIREStatus *status)
{
  SolveCtx *c            = (SolveCtx *)ctx;
  DWMinimizerResult *res = c->res;

  PetscFunctionBegin;
  PetscCall(DWMinimizerEvaluate(c->sys, c->pot, c->nl, &c->U, f, res));
  /* one evaluation before the first step and one after each: the steps done so far */
  res->iterations = res->force_evaluations - 1;
  *status         = DW_FIRE_CONTINUE;
  if (DWMinimizerStop(c->min, 3 * c->N, f, res))
    *status = res->reason == DW_MIN_CONVERGED ? DW_FIRE_DONE : DW_FIRE_ABORT;
  PetscFunctionReturn(0);
}

static PetscErrorCode Solve_FIRE(DWMinimizer min, DWSystem sys, DWPotential pot, DWNeighborList nl,
                                 DWMinimizerResult *res)
{
  SolveCtx c     = {min, sys, pot, nl, res, 0, 0};
  DWFIREParams p = min->fire;
  DWFIREStatus status;
  PetscInt its;
  PetscReal *x;

  PetscFunctionBegin;
  PetscCall(DWSystemGetSize(sys, &c.N));
  PetscCall(DWSystemGetPositions(sys, &x));
  p.maxstep = min->maxstep;
  PetscCall(DWFIRERun(&p, 3 * c.N, 1, x, min->maxit, Forces, &c, &its, &status));
  res->iterations = its;
  res->energy     = c.U / c.N;
  PetscFunctionReturn(0);
}

PetscErrorCode DWMinimizerCreate_FIRE(DWMinimizer min)
{
  PetscFunctionBegin;
  min->ops->setfromoptions = SetFromOptions_FIRE;
  min->ops->solve          = Solve_FIRE;
  PetscFunctionReturn(0);
}
