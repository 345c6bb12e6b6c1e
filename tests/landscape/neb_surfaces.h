/* Analytic 2D surfaces for the path tests, as DWSurface energy callbacks, with their exact
   Hessians (for Newton refinement of the stationary points).

   Mueller-Brown: K. Mueller and L. D. Brown, Theor. Chim. Acta 53, 75 (1979),
     V(x, y) = sum_k A_k exp[a_k (x - x_k)^2 + b_k (x - x_k)(y - y_k) + c_k (y - y_k)^2],
     A = (-200, -100, -170, 15), a = (-1, -1, -6.5, 0.7), b = (0, 0, 11, 0.6),
     c = (-10, -10, -6.5, 0.7), x_k = (1, 0, -0.5, -1), y_k = (0, 0.5, 1.5, 1).
   Its stationary points as usually quoted (3 decimals in position, 2 in energy): minima
   MA (-0.558, 1.442) -146.70, MC (-0.050, 0.467) -80.77, MB (0.623, 0.028) -108.17; saddles
   S1 (-0.822, 0.624) -40.66 (MA-MC) and S2 (0.212, 0.293) -46.62 (MC-MB). The MEP from MA
   to MB passes through MC.

   Tilted triple well in a curved valley (exact stationary points):
     V(x, y) = f(x) + (k_y / 2) (y - q x^2)^2,  f'(x) = (x + 2)(x + 1) x (x - 1)(x - 5/2),
   k_y = 20, q = 0.3. grad V = 0 exactly at y = q x^2, f'(x) = 0: minima x = -2, 0, 5/2,
   saddles x = -1, 1 (det H = k_y f''(x)); V there = f(x), the integral of f' from 0. */
#pragma once
#include <dwell/neb.h>

static const PetscReal MB_A[4] = {-200, -100, -170, 15}, MB_a[4] = {-1, -1, -6.5, 0.7},
                       MB_b[4] = {0, 0, 11, 0.6}, MB_c[4] = {-10, -10, -6.5, 0.7},
                       MB_x0[4] = {1, 0, -0.5, -1}, MB_y0[4] = {0, 0.5, 1.5, 1};

/* V, gradient g (may be NULL) and Hessian h (row-major 2x2, may be NULL). */
static inline void MuellerBrown(const PetscReal x[2], PetscReal *V, PetscReal g[2], PetscReal h[4])
{
  *V = 0;
  if (g) g[0] = g[1] = 0;
  if (h) h[0] = h[1] = h[2] = h[3] = 0;
  for (int k = 0; k < 4; k++) {
    const PetscReal dx = x[0] - MB_x0[k], dy = x[1] - MB_y0[k];
    const PetscReal e =
        MB_A[k] * PetscExpReal(MB_a[k] * dx * dx + MB_b[k] * dx * dy + MB_c[k] * dy * dy);
    const PetscReal px = 2 * MB_a[k] * dx + MB_b[k] * dy, py = MB_b[k] * dx + 2 * MB_c[k] * dy;
    *V += e;
    if (g) {
      g[0] += e * px;
      g[1] += e * py;
    }
    if (h) {
      h[0] += e * (px * px + 2 * MB_a[k]);
      h[1] += e * (px * py + MB_b[k]);
      h[2] += e * (px * py + MB_b[k]);
      h[3] += e * (py * py + 2 * MB_c[k]);
    }
  }
}

/* f(x) = int_0^x (t + 2)(t + 1) t (t - 1)(t - 5/2) dt = x^6/6 - x^5/10 - 3x^4/2 + x^3/6 + 5x^2/2.
 */
static inline void TripleWell(const PetscReal x[2], PetscReal *V, PetscReal g[2], PetscReal h[4])
{
  const PetscReal ky = 20, q = 0.3, u = x[0], w = x[1] - q * u * u;
  const PetscReal f   = u * u * (u * u * u * u / 6 - u * u * u / 10 - 1.5 * u * u + u / 6 + 2.5);
  const PetscReal fp  = (u + 2) * (u + 1) * u * (u - 1) * (u - 2.5);
  const PetscReal fpp = 5 * u * u * u * u - 2 * u * u * u - 18 * u * u + u + 5;

  *V = f + 0.5 * ky * w * w;
  if (g) {
    g[0] = fp - 2 * q * u * ky * w;
    g[1] = ky * w;
  }
  if (h) {
    h[0] = fpp + ky * (4 * q * q * u * u - 2 * q * w);
    h[1] = h[2] = -2 * q * u * ky;
    h[3]        = ky;
  }
}

typedef void (*TestSurfaceFn)(const PetscReal x[2], PetscReal *V, PetscReal g[2], PetscReal h[4]);

static PetscErrorCode TestSurfaceEnergy(void *ctx, PetscInt slot, const PetscReal x[], PetscReal *V,
                                        PetscReal g[])
{
  ((TestSurfaceFn)ctx)(x, V, g, NULL);
  return 0;
}

/* A DWSurface of a 2D test function (plain difference, built-in FIRE minimiser, finite
   difference Hessian). */
static inline PetscErrorCode TestSurfaceCreate(MPI_Comm comm, TestSurfaceFn fn, DWSurface *s)
{
  PetscFunctionBegin;
  PetscCall(DWSurfaceCreate(comm, 2, s));
  PetscCall(DWSurfaceSetEnergy(*s, TestSurfaceEnergy, (void *)fn));
  PetscFunctionReturn(0);
}

/* Newton iteration on grad V = 0 from x (in place), to |grad V|_inf <= 1e-13 |V|. */
static inline void TestNewton(TestSurfaceFn fn, PetscReal x[2], PetscReal *V)
{
  for (int it = 0; it < 100; it++) {
    PetscReal g[2], h[4];
    fn(x, V, g, h);
    if (PetscMax(PetscAbsReal(g[0]), PetscAbsReal(g[1])) <= 1e-13 * PetscAbsReal(*V)) return;
    const PetscReal det = h[0] * h[3] - h[1] * h[2];
    x[0] -= (h[3] * g[0] - h[1] * g[1]) / det;
    x[1] -= (-h[2] * g[0] + h[0] * g[1]) / det;
  }
}

/* The lowest eigenvalue of the exact Hessian at x. */
static inline PetscReal TestLowestEigenvalue(TestSurfaceFn fn, const PetscReal x[2])
{
  PetscReal V, h[4];
  fn(x, &V, NULL, h);
  const PetscReal m = 0.5 * (h[0] + h[3]),
                  r = PetscSqrtReal(0.25 * (h[0] - h[3]) * (h[0] - h[3]) + h[1] * h[1]);
  return m - r;
}
