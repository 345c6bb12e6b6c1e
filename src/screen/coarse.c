/* The splitting of a coarse pass with an error bound (include/dwell/screen.h, "coarse pass";
   issue 16, "multi-fidelity paths").

   The splitting E = E_2 - E_1 of the 1D Schroedinger equation along the path ([PRL20] eq. 2,
   [JCP23] eqs. 9-12; DWTunnel) depends on the profile V(xi) through its spline and on the
   path length d through the mass term mt d^2. A coarse band of M images samples V with a
   spacing h ~ 1/(M - 1) and measures d as the length of the polygon through its images.
   Both errors are estimated from the coarse pass itself, by halving its resolution:
   - interpolation: E_half, the splitting of a half-resolution profile: both ends, the highest
     image (the climbing image of a climbing string, on the saddle: the subset must not lower
     the barrier) and every other image, counted from each end towards the highest (the
     spacing doubles at the ends, where the curvatures that set the zero-point energies
     omega_i / 2 are) or from the highest outwards (it doubles around the barrier top, which
     sets the tunnelling); of the two, the one farther from E. If the error of E behaves as
     C h^p, then E_half - E = C h^p (2^p - 1) >= |E - E_exact| for any order p >= 1; measured
     p = 2 on smooth wells (a safety factor 3). At 10 images some TLS are not yet in that
     regime (the error changes sign between 6 and 10 images), and either subset alone missed
     the error by up to 29 or 48 times on the analytic wells of tests/screen/test_coarse.c;
     the farther of the two bounded every one of 11000 wells with a margin of 2;
   - path length: a polygon inscribed in a smooth path is shorter than the path by O(h^2);
     with d_half the polygon through the half-resolution images from the ends, Richardson's
     extrapolation of the length is d + (d - d_half) / 3; d_hi = d + (d - d_half) is three
     times that correction away, and E_long, the splitting with d_hi, brackets the effect of
     the longer path on the tunnelling (a longer path lowers Delta_0 and the omega_i).
   bound = |E - E_half| + |E - E_long| + the E_tol of these three solves (DWTunnel's own grid
   and domain error). A pair is kept for the full NEB when E - bound <= E_max, or when the
   profile cannot be solved (never discarded without an estimate). The bound does not cover a
   coarse band that takes another route than the full one (on the quickstart pairs its paths
   were 3-9% shorter and E off by up to a factor 1.56, outside the bound in 5 of 8 cases:
   tests/screen/test_coarse_neb.c); the margin for that is the multiple of k_B T_Q in E_max
   (DW_SCREEN_COARSE_MULTIPLE = 20, include/dwell/screen.h). */
#include <dwell/screen.h>
#include <math.h>

PetscErrorCode DWScreenSplitting(DWTunnel t, PetscInt n, const PetscReal xi[], const PetscReal V[],
                                 PetscReal d, PetscReal *E, PetscReal *E_tol)
{
  DWTunnelResult r;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  *E = *E_tol = NAN;
  PetscCall(DWTunnelSetProfile(t, n, xi, V, d));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = DWTunnelSetUp(t);
  if (!ierr) ierr = DWTunnelSolve(t);
  PetscCall(PetscPopErrorHandler());
  if (ierr) PetscFunctionReturn(0);
  PetscCall(DWTunnelGetResult(t, &r));
  *E     = r.E;
  *E_tol = r.E_tol;
  PetscFunctionReturn(0);
}

PetscErrorCode DWScreenCoarseHalfImages(PetscInt M, const PetscReal V[], PetscBool from_ends,
                                        PetscInt *m, PetscInt idx[])
{
  PetscInt top = 0;

  PetscFunctionBegin;
  for (PetscInt k = 1; k < M; k++)
    if (V[k] > V[top]) top = k;
  *m = 0;
  for (PetscInt k = 0; k < M; k++) {
    const PetscInt from = from_ends ? (k < top ? k : M - 1 - k) : PetscAbsInt(k - top);
    if (k == top || k == 0 || k == M - 1 || from % 2 == 0) idx[(*m)++] = k;
  }
  PetscFunctionReturn(0);
}

/* The splitting of the half-resolution profile (from_ends as DWScreenCoarseHalfImages). */
static PetscErrorCode HalfSplitting(DWTunnel t, PetscInt M, const PetscReal xi[],
                                    const PetscReal V[], PetscReal d, PetscBool from_ends,
                                    PetscReal *E, PetscReal *E_tol)
{
  PetscReal *xh, *Vh;
  PetscInt m, *idx;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(M, &xh, M, &Vh, M, &idx));
  PetscCall(DWScreenCoarseHalfImages(M, V, from_ends, &m, idx));
  for (PetscInt j = 0; j < m; j++) {
    xh[j] = xi[idx[j]];
    Vh[j] = V[idx[j]];
  }
  PetscCall(DWScreenSplitting(t, m, xh, Vh, d, E, E_tol));
  PetscCall(PetscFree3(xh, Vh, idx));
  PetscFunctionReturn(0);
}

PetscErrorCode DWScreenCoarseSplitting(DWTunnel t, PetscInt M, const PetscReal xi[],
                                       const PetscReal V[], PetscReal d, PetscReal d_half,
                                       PetscReal E_max, DWCoarseSplitting *c)
{
  PetscReal tol, tol_ends, tol_top, tol_long = 0, E_top;

  PetscFunctionBegin;
  PetscCheck(M >= 6, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "coarse pass: %" PetscInt_FMT " profile points, at least 6 needed (half of them "
             "must still make a profile)",
             M);
  PetscCall(PetscMemzero(c, sizeof(*c)));
  PetscCall(DWScreenSplitting(t, M, xi, V, d, &c->E, &tol));
  PetscCall(HalfSplitting(t, M, xi, V, d, PETSC_TRUE, &c->E_half, &tol_ends));
  PetscCall(HalfSplitting(t, M, xi, V, d, PETSC_FALSE, &E_top, &tol_top));
  if (PetscIsNanReal(E_top) || PetscAbsReal(c->E - E_top) > PetscAbsReal(c->E - c->E_half)) {
    c->E_half = E_top; /* the farther of the two (NaN if either is) */
    tol_ends  = tol_top;
  }
  c->d_hi   = d_half > 0 && d_half < d ? 2 * d - d_half : d;
  c->E_long = c->E;
  if (c->d_hi > d) PetscCall(DWScreenSplitting(t, M, xi, V, c->d_hi, &c->E_long, &tol_long));
  c->bound =
      PetscAbsReal(c->E - c->E_half) + PetscAbsReal(c->E - c->E_long) + tol + tol_ends + tol_long;
  c->E_lo = PetscMax(0, c->E - c->bound);
  c->E_hi = c->E + c->bound;
  if (PetscIsInfOrNanReal(c->bound)) { /* some estimate is missing: no bound, keep the pair */
    c->E_lo = 0;
    c->E_hi = PETSC_INFINITY;
  }
  c->keep = (PetscBool) !(c->E_lo > E_max);
  PetscFunctionReturn(0);
}
