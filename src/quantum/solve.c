/* DWTunnelSolve: levels and splitting of the 1D Schroedinger problem ([PRL20] eq. 2,
   [JCP23] eqs. 9-11), the two-level parameters ([JCP23] eqs. 12-15, wkb.c), and the error
   estimate of E.

   Error estimate (checking on). The 5-point scheme is 4th order in h for a smooth V, but the
   profile is a cubic spline, whose third derivative jumps at the knots; this limits the
   convergence of E to 2nd order (measured: E changes 4.1 times less per halving of h for a
   41-point profile). With E(h) = E + C h^2,
       err_grid = |E(h) - E(2h)| / 3
   (Richardson for order 2; it overestimates the error of a smooth, densely sampled profile,
   where the order is 4, by a factor 5), E(2h) on the same domain with half the points per
   unit of xi (xi = 0 and 1 stay grid points, so both grids sample the wells alike). The
   continuation's error decays like exp(-W^2/l^2) with its width W, so the change when W
   shrinks to 3/4 (same spacing h, fewer points),
       err_domain = |E(W) - E(3W/4)|,
   bounds the error of the full width by far. The reported tolerance doubles their sum (a
   safety factor for the asymptotic estimate) and adds a rounding floor of
   1e-14 (E_2 - min V): measured on quartic wells, E scatters by up to 5e-15 E_2 between grids
   and agrees with a quadruple-precision reference to 7e-16 E_2, down to E ~ 1e-15 E_2. The
   result is flagged converged when E_tol <= rtol E. */
#include "quantum/tunnelimpl.h"

static PetscErrorCode CheckSolves(DWTunnel t, PetscInt m)
{
  DWTunnelResult *r = &t->result;
  const DWGrid *g   = &t->grid;
  PetscReal Eh, Ew, Vmin = PETSC_MAX_REAL;

  PetscFunctionBegin;
  PetscCall(DWTunnelBuildGrid(t, m / 2, t->extension, &t->grid2, &t->grid2alloc));
  PetscCall(DWTunnelComputeSplitting(t, &t->grid2, &Eh));
  PetscCall(DWTunnelBuildGrid(t, m, 0.75 * t->extension, &t->grid2, &t->grid2alloc));
  PetscCall(DWTunnelComputeSplitting(t, &t->grid2, &Ew));
  for (PetscInt j = 0; j < g->n; j++) Vmin = PetscMin(Vmin, g->V[j]);
  r->E_err_grid   = PetscAbsReal(r->E - Eh) / 3;
  r->E_err_domain = PetscAbsReal(r->E - Ew);
  r->E_tol        = 2 * (r->E_err_grid + r->E_err_domain) + 1e-14 * (r->levels[1] - Vmin);
  r->checked      = PETSC_TRUE;
  r->converged    = (PetscBool)(r->E_tol <= t->rtol * r->E);
  if (!r->converged)
    PetscCall(PetscInfo(
        NULL,
        "tunnel: E = %g not converged: estimated error %g (grid %g, domain %g) exceeds %g E\n",
        (double)r->E, (double)r->E_tol, (double)r->E_err_grid, (double)r->E_err_domain,
        (double)t->rtol));
  PetscFunctionReturn(0);
}

PetscErrorCode DWTunnelSolve(DWTunnel t)
{
  DWTunnelResult *r = &t->result;
  PetscInt m;

  PetscFunctionBegin;
  PetscCall(DWTunnelSetUp(t));
  PetscCall(PetscLogEventBegin(DW_TUNNEL_SOLVE, 0, 0, 0, 0));
  m = DWTunnelGridResolution(t, t->n_xi, t->extension);
  PetscCall(DWTunnelBuildGrid(t, m, t->extension, &t->grid, &t->gridalloc));
  PetscCall(DWTunnelComputeLevels(t, &t->grid, r->levels, &r->E));
  r->mt     = t->mt;
  r->d      = t->d;
  r->n      = t->grid.n;
  r->h      = t->grid.h;
  r->xi_min = t->grid.xl;
  r->xi_max = t->grid.xl + (t->grid.n + 1) * t->grid.h;
  r->E_tol = r->E_err_grid = r->E_err_domain = 0;
  r->checked = r->converged = PETSC_FALSE;
  PetscCall(DWTunnelComputeWKB(t));
  if (t->check) PetscCall(CheckSolves(t, m));
  t->solved = PETSC_TRUE;
  PetscCall(PetscLogEventEnd(DW_TUNNEL_SOLVE, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
