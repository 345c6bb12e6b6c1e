/* FIRE 2.0 on an n-vector (fire.c): the one implementation behind the minimiser
   (-min_type fire, minfire.c), the path methods (nebstage.c) and the minimisation of a generic
   surface (nebsurface.c). */
#pragma once
#include <petscsys.h>

/* The parameters of FIRE 2.0 (Guenole et al., Comput. Mater. Sci. 175, 109584 (2020)):
   dt0 (tau), dt_max = tmax dt0, dt_min = tmin dt0, f_inc, f_dec, alpha0, f_alpha, N_delay,
   and maxstep (sigma), the largest displacement of one block per step; alphamin, a floor under
   the mixing parameter alpha (0 in FIRE 2.0: see fire.c). */
typedef struct {
  PetscReal dt0, tmax, tmin, finc, fdec, alpha0, falpha, maxstep, alphamin;
  PetscInt delay;
} DWFIREParams;

typedef enum { DW_FIRE_CONTINUE = 0, DW_FIRE_DONE = 1, DW_FIRE_ABORT = -1 } DWFIREStatus;

/* Forces f at x (the callback may move x first, e.g. redistribute a string) and whether to
   stop: converged (done) or failed (abort). */
typedef PetscErrorCode (*DWFIREForceFn)(void *ctx, PetscReal x[], PetscReal f[],
                                        DWFIREStatus *status);

/* The LAMMPS defaults: dt0 0.005 tau, tmax 10, tmin 0.02, N_delay 20, f_inc 1.1, f_dec 0.5,
   alpha0 0.25, f_alpha 0.99, maxstep 0.1 sigma; no floor under alpha. */
void DWFIRESetDefaults(DWFIREParams *p);
/* Not collective. Runs FIRE on x (n reals, blocks of bs, moved in place) from rest: one force
   evaluation before the first step and one after each; stops when the callback says done
   or abort, or after maxit steps. *its is the number of steps done, *status the callback's
   last word. */
PetscErrorCode DWFIRERun(const DWFIREParams *p, PetscInt n, PetscInt bs, PetscReal x[],
                         PetscInt maxit, DWFIREForceFn force, void *ctx, PetscInt *its,
                         DWFIREStatus *status);
