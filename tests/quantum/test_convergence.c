/* Grid and domain convergence (issue 6: "doubling N_xi or the continuation width changes E by
   less than the reported tolerance"), on three double wells:
     quartic     symmetric quartic, V_b = 0.05 eps, 2001 points, mt = 4000, d = 1 (E ~ 2.5e-7);
     neb41       asymmetric, uneven curvatures, given at 41 points like a NEB path (mt = 4000,
                 d = 0.8);
     jcp23       the same shape for the JCP23 argon mass mt = 1200, d = 0.6.
   For each, at the default N_xi = 2000 and continuation 7 l:
     - |E(2 N_xi) - E| <= E_tol and |E(continuation 14 l, same spacing) - E| <= E_tol;
     - E_tol <= 1e-5 E (the default is that converged, so the two checks are not vacuous), and
       the result is flagged converged;
   and for a coarse grid (N_xi = 200) and a short continuation (3 l), whose errors are large:
     - |E_coarse - E| <= E_tol,coarse + E_tol: the estimate still bounds the true error;
     - with rtol = 1e-7 the coarse result is flagged not converged. */
#include "testutil.h"
#include <dwell/quantum.h>

#define NPMAX 2001

typedef struct {
  const char *name;
  PetscInt np;
  PetscReal mt, d;
  PetscReal xi[NPMAX], V[NPMAX];
} Profile;

static PetscErrorCode Solve(MPI_Comm comm, const Profile *p, PetscInt n, PetscReal ext,
                            PetscReal rtol, DWTunnelResult *r)
{
  DWTunnel t;

  PetscFunctionBegin;
  PetscCall(DWTunnelCreate(comm, &t));
  PetscCall(DWTunnelSetMass(t, p->mt));
  PetscCall(DWTunnelSetGridSize(t, n));
  PetscCall(DWTunnelSetExtension(t, ext));
  PetscCall(DWTunnelSetCheck(t, PETSC_TRUE, rtol));
  PetscCall(DWTunnelSetProfile(t, p->np, p->xi, p->V, p->d));
  PetscCall(DWTunnelSolve(t));
  PetscCall(DWTunnelGetResult(t, r));
  PetscCall(DWTunnelDestroy(&t));
  PetscFunctionReturn(0);
}

static PetscErrorCode Check(MPI_Comm comm, const Profile *p)
{
  DWTunnelResult r, r2, rw, rc, rs;
  char what[160];

  PetscFunctionBegin;
  PetscCall(Solve(comm, p, 2000, 7, 1e-3, &r));
  const PetscReal L = r.xi_max - r.xi_min, Lw = 2 * L - 1;
  PetscCall(Solve(comm, p, 4000, 7, 1e-3, &r2));
  PetscCall(Solve(comm, p, (PetscInt)PetscFloorReal(2001 * Lw / L + 0.5) - 1, 14, 1e-3, &rw));
  PetscCall(PetscPrintf(
      comm, "%s: E = %.12e, E_tol/E = %.2e (grid %.1e, domain %.1e), h = %.3e, wide h = %.3e\n",
      p->name, (double)r.E, (double)(r.E_tol / r.E), (double)r.E_err_grid, (double)r.E_err_domain,
      (double)r.h, (double)rw.h));
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: |E(2 N_xi) - E| / E_tol", p->name));
  DWTestLE(comm, what, PetscAbsReal(r2.E - r.E) / r.E_tol, 1);
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: |E(continuation x2) - E| / E_tol", p->name));
  DWTestLE(comm, what, PetscAbsReal(rw.E - r.E) / r.E_tol, 1);
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: E_tol / E at the default grid", p->name));
  DWTestLE(comm, what, r.E_tol / r.E, 1e-5);
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: flagged converged", p->name));
  DWTestTrue(comm, what, r.converged);
  PetscCall(Solve(comm, p, 200, 7, 1e-7, &rc));
  PetscCall(Solve(comm, p, 2000, 3, 1e-7, &rs));
  PetscCall(PetscSNPrintf(what, sizeof(what),
                          "%s: N_xi 200: |E - E_ref| / (E_tol + E_tol,ref), E_tol/E = %.1e",
                          p->name, (double)(rc.E_tol / rc.E)));
  DWTestLE(comm, what, PetscAbsReal(rc.E - r.E) / (rc.E_tol + r.E_tol), 1);
  PetscCall(PetscSNPrintf(what, sizeof(what),
                          "%s: continuation 3 l: |E - E_ref| / (E_tol + E_tol,ref), E_tol/E = %.1e",
                          p->name, (double)(rs.E_tol / rs.E)));
  DWTestLE(comm, what, PetscAbsReal(rs.E - r.E) / (rs.E_tol + r.E_tol), 1);
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: N_xi 200 flagged not converged at rtol 1e-7",
                          p->name));
  DWTestTrue(comm, what, !rc.converged);
  PetscFunctionReturn(0);
}

/* An asymmetric double well with minima at 0 and 1: a quartic well with a cubic bias of the
   curvatures and a smoothstep asymmetry. */
static void NebLike(Profile *p, const char name[], PetscReal mt, PetscReal d)
{
  p->name = name;
  p->np   = 41;
  p->mt   = mt;
  p->d    = d;
  for (int i = 0; i < p->np; i++) {
    const PetscReal x = (PetscReal)i / (p->np - 1);
    p->xi[i]          = x;
    p->V[i] = 0.6 * x * x * (1 - x) * (1 - x) * (1 + 0.5 * x) + 2e-3 * x * x * (3 - 2 * x);
  }
}

int main(int argc, char **argv)
{
  static Profile p;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  p.name = "quartic";
  p.np   = NPMAX;
  p.mt   = 4000;
  p.d    = 1;
  for (int i = 0; i < NPMAX; i++) {
    p.xi[i] = (PetscReal)i / (NPMAX - 1);
    p.V[i]  = 16 * 0.05 * p.xi[i] * p.xi[i] * (1 - p.xi[i]) * (1 - p.xi[i]);
  }
  PetscCall(Check(PETSC_COMM_WORLD, &p));
  NebLike(&p, "neb41", 4000, 0.8);
  PetscCall(Check(PETSC_COMM_WORLD, &p));
  NebLike(&p, "jcp23", 1200, 0.6);
  PetscCall(Check(PETSC_COMM_WORLD, &p));
  int status = DWTestFinish(PETSC_COMM_WORLD);
  PetscCall(PetscFinalize());
  return status;
}
