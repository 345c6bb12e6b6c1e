/* Energy minimisation to the inherent structure (IS) of a configuration (DESIGN.md
   section 4; [JCP23] II.D). Methods (-min_type):
     fire   FIRE 2.0 (Guenole et al., Comput. Mater. Sci. 175, 109584 (2020)) with the LAMMPS
            defaults (dt_max = 10 dt, dt_min = 0.02 dt, N_delay = 20, f_inc = 1.1,
            f_dec = 0.5, alpha0 = 0.25, f_alpha = 0.99, half step back on P < 0,
            semi-implicit Euler), the field's reference;
     lbfgs  limited-memory BFGS (Nocedal, Math. Comp. 35, 773 (1980); Nocedal and Wright,
            "Numerical Optimization", alg. 7.4) with m = -min_lbfgs_m corrections, steps
            capped at -min_maxstep per particle, and a line search that judges the energy
            only where it is resolved: near 1e-10 forces the energy change is below double
            precision, so a step is then accepted on the directional force instead;
            -min_lbfgs_precond hessian|newton|blocks|exp|none (default none) preconditions it
            with a sparse model P of the Hessian (initial inverse Hessian gamma P^-1): the pair
            Hessian blocks with their negative parts dropped (hessian; blocks: only their 3x3
            diagonal blocks; newton: the exact blocks once |F|_inf <= -min_precond_exact,
            applied by 3 CG iterations and rebuilt as |F|_inf falls, -min_precond_refresh) or
            the distance-based Exp of Packwood et al., J. Chem. Phys. 144, 164109 (2016);
            options -min_precond_rcut, _shift, _rebuild, _fmax, _refresh, _exact, _exp_A and
            the KSP of P^-1 (-min_precond_ksp_type, _pc_type);
     cg     nonlinear conjugate gradients, Polak-Ribiere+ (Nocedal and Wright, eq. 5.44-5.45),
            as [JCP23] minimises (and LAMMPS's min_style cg), with the same force-aware line
            search and the strong Wolfe condition |F.d| <= c2 |F0.d| (-min_cg_c2, default 0.1).
   Convergence: the largest force component |F|_inf <= -min_ftol (default 1e-10 eps/sigma);
   -min_maxit caps the iterations. The result reports iterations, force evaluations, the
   final energy and |F|_inf, and why it stopped.

   A DWMinimizer is sequential, replicated like its DWSystem. */
#pragma once
#include <dwell/potential.h>

typedef struct _p_DWMinimizer *DWMinimizer;
typedef const char *DWMinimizerType;
#define DWMINIMIZER_FIRE  "fire"
#define DWMINIMIZER_LBFGS "lbfgs"
#define DWMINIMIZER_CG    "cg"

typedef enum {
  DW_MIN_CONVERGED           = 1,
  DW_MIN_DIVERGED_MAXIT      = -1,
  DW_MIN_DIVERGED_NAN        = -2,
  DW_MIN_DIVERGED_LINESEARCH = -3
} DWMinimizerReason;

typedef struct {
  DWMinimizerReason reason;
  PetscInt iterations;
  PetscInt force_evaluations;
  PetscReal energy;        /* U / N, eps */
  PetscReal fmax;          /* |F|_inf, eps/sigma */
  PetscInt precond_builds; /* L-BFGS: builds of its preconditioner */
} DWMinimizerResult;

/* Collective. Default type lbfgs. */
PetscErrorCode DWMinimizerCreate(MPI_Comm comm, DWMinimizer *min);
PetscErrorCode DWMinimizerDestroy(DWMinimizer *min);
PetscErrorCode DWMinimizerSetType(DWMinimizer min, DWMinimizerType type);
PetscErrorCode DWMinimizerGetType(DWMinimizer min, DWMinimizerType *type);
/* Force tolerance on |F|_inf (eps/sigma) and iteration cap. */
PetscErrorCode DWMinimizerSetTolerances(DWMinimizer min, PetscReal ftol, PetscInt maxit);
/* Not collective. */
PetscErrorCode DWMinimizerGetTolerances(DWMinimizer min, PetscReal *ftol, PetscInt *maxit);
/* Not collective. The options prefix the PETSc way (default "min_"; e.g. "pull_" reads
   -pull_type), so that two minimisers are configured separately; the KSP of the L-BFGS
   preconditioner takes the prefix followed by "precond_". Set replaces it, Append adds to it;
   Get borrows it. */
PetscErrorCode DWMinimizerSetOptionsPrefix(DWMinimizer min, const char prefix[]);
PetscErrorCode DWMinimizerAppendOptionsPrefix(DWMinimizer min, const char prefix[]);
PetscErrorCode DWMinimizerGetOptionsPrefix(DWMinimizer min, const char *prefix[]);
/* Collective. Reads, under the prefix P (default "min_"), -Ptype, -Pftol, -Pmaxit and the
   methods' options (-Pfire_dt, -Plbfgs_m, -Plbfgs_precond, -Pprecond_*, -Pcg_c2, -Pmaxstep):
   -min_type, ... with the default prefix. */
PetscErrorCode DWMinimizerSetFromOptions(DWMinimizer min);
/* Not collective. The preconditioner of L-BFGS: "none", "exp", "hessian" or "blocks" (see
   above; used only under -min_type lbfgs); errors on an unknown name, listing the known ones. */
PetscErrorCode DWMinimizerLBFGSSetPreconditioner(DWMinimizer min, const char type[]);
/* Not collective. Minimises sys in place (positions only). */
PetscErrorCode DWMinimizerSolve(DWMinimizer min, DWSystem sys, DWPotential pot, DWNeighborList nl,
                                DWMinimizerResult *result);
PetscErrorCode DWMinimizerView(DWMinimizer min, PetscViewer viewer);
/* Human-readable reason. */
const char *DWMinimizerReasonName(DWMinimizerReason reason);

/* Registry: a new method is one file (its DWMinimizerCreate_XXX fills the ops table) plus one
   line in DWMinimizerRegisterAll(). Not collective. */
PetscErrorCode DWMinimizerRegister(const char name[], PetscErrorCode (*create)(DWMinimizer));
PetscErrorCode DWMinimizerRegisterAll(void);
/* Not collective. The names of the methods joined by sep (e.g. ", ") in buf. */
PetscErrorCode DWMinimizerListTypes(const char sep[], char buf[], size_t len);
