/* An independent reference for the doublet of a mirror-symmetric double well, V(xi) =
   V(1 - xi): Numerov shooting in quadruple precision (__float128) on a grid ~10 times finer
   than dwell's.

   -kappa psi'' + V psi = E psi is integrated with Numerov's 4th-order recurrence
       (1 - f Q_{i+1}) psi_{i+1} = 2 (1 + 5 f Q_i) psi_i - (1 - f Q_{i-1}) psi_{i-1},
   Q = (V - E) / kappa, f = h^2 / 12, from the left wall (psi = 0 at xi_min, the same wall as
   dwell's grid) to the midpoint xi = 1/2, a grid node. By symmetry the even levels satisfy
   psi_{M+1} = psi_{M-1} and the odd ones psi_M = 0; both conditions, divided by
   |psi_{M-1}| + |psi_M| so that they have no poles, are solved by the Illinois variant of
   regula falsi to 1e-28 relative. E_1 is the lowest even level, E_2 the lowest odd one. The
   potential is evaluated with DWTunnelEvaluatePotential (the same problem); everything else
   is independent of dwell's discretisation (5-point matrix) and eigensolver.
   Accuracy: a splitting needs both levels to ~1e-18 of themselves, out of reach of double or
   long double rounding over 1e4 steps (1e-15), hence quadruple precision. With M = 2e4 steps
   on ~0.55 the Numerov error of the splitting is ~Gamma (h k)^4 / 240 ~ 1e-12 relative
   (k = sqrt(V_b / kappa) the decay rate under the barrier); the tests bound it by comparing
   with M / 2. */
#pragma once
#include <dwell/quantum.h>

typedef __float128 DWRefReal;

static inline DWRefReal DWRefAbs(DWRefReal x)
{
  return x < 0 ? -x : x;
}

static DWRefReal DWRefShoot(const PetscReal V[], PetscInt M, DWRefReal h, DWRefReal kappa,
                            DWRefReal E, int odd)
{
  const DWRefReal f = h * h / 12;
  DWRefReal p0 = 0, p1 = 1, q0 = (V[0] - E) / kappa, q1 = (V[1] - E) / kappa;

  for (PetscInt i = 1; i < M; i++) {
    const DWRefReal q2 = (V[i + 1] - E) / kappa,
                    p2 = (2 * p1 * (1 + 5 * f * q1) - p0 * (1 - f * q0)) / (1 - f * q2);
    p0                 = p1;
    p1                 = p2;
    q0                 = q1;
    q1                 = q2;
    if (DWRefAbs(p1) > 1e300) {
      p0 *= 1e-300;
      p1 *= 1e-300;
    }
  }
  const DWRefReal norm = DWRefAbs(p0) + DWRefAbs(p1);
  if (odd) return p1 / norm;
  const DWRefReal pnext = (2 * p1 * (1 + 5 * f * q1) - p0 * (1 - f * q0)) / (1 - f * q0);
  return (pnext - p0) / norm;
}

/* The root of the even or odd condition within guess (1 +- 1e-6 ... 1e-2), by Illinois. */
static PetscErrorCode DWRefRoot(const PetscReal V[], PetscInt M, DWRefReal h, DWRefReal kappa,
                                PetscReal guess, int odd, DWRefReal *E)
{
  DWRefReal a = 0, b = 0, fa = 0, fb = 0, w = 1e-6;
  int side = 0;

  PetscFunctionBegin;
  for (; w <= 1e-2; w *= 10) {
    a  = (DWRefReal)guess * (1 - w);
    b  = (DWRefReal)guess * (1 + w);
    fa = DWRefShoot(V, M, h, kappa, a, odd);
    fb = DWRefShoot(V, M, h, kappa, b, odd);
    if ((fa <= 0) != (fb <= 0)) break;
  }
  PetscCheck((fa <= 0) != (fb <= 0), PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "reference: no %s level near %g", odd ? "odd" : "even", (double)guess);
  for (int it = 0; it < 200 && DWRefAbs(b - a) > 1e-28 * DWRefAbs(a); it++) {
    const DWRefReal c = (a * fb - b * fa) / (fb - fa), fc = DWRefShoot(V, M, h, kappa, c, odd);
    if (fc == 0) {
      a = b = c;
      break;
    }
    if ((fc <= 0) == (fb <= 0)) {
      b  = c;
      fb = fc;
      if (side == -1) fa /= 2;
      side = -1;
    } else {
      a  = c;
      fa = fc;
      if (side == 1) fb /= 2;
      side = 1;
    }
  }
  *E = (a + b) / 2;
  PetscFunctionReturn(0);
}

/* E_1, E_2 of the symmetric problem of t (already solved: its result gives the wall and the
   guesses) with M steps from the wall to xi = 1/2. */
static PetscErrorCode DWRefDoublet(DWTunnel t, PetscInt M, DWRefReal *E1, DWRefReal *E2)
{
  DWTunnelResult r;
  PetscReal *V;

  PetscFunctionBegin;
  PetscCall(DWTunnelGetResult(t, &r));
  const DWRefReal h     = ((DWRefReal)0.5 - r.xi_min) / M,
                  kappa = 1 / (2 * (DWRefReal)r.mt * r.d * r.d);
  PetscCall(PetscMalloc1(M + 2, &V));
  for (PetscInt i = 0; i <= M + 1; i++)
    PetscCall(DWTunnelEvaluatePotential(t, (PetscReal)(r.xi_min + i * h), &V[i]));
  PetscCall(DWRefRoot(V, M, h, kappa, r.levels[0], 0, E1));
  PetscCall(DWRefRoot(V, M, h, kappa, r.levels[1], 1, E2));
  PetscCall(PetscFree(V));
  PetscFunctionReturn(0);
}
