/* The quartic double wells of the quantum tests: V(xi) = 16 V_b xi^2 (1 - xi)^2 + dV s(xi),
   minima at 0 and 1, barrier V_b at 1/2, the right well lifted by dV through the step
   s = (1 + tanh((xi - 1/2) / 0.02)) / 2 (narrow enough that both wells keep the same shape, see
   test_asymmetric.c), sampled at n equally spaced points of [0, 1]; DWTestQuarticTunnel sets
   one up on 2001 points with [PRL20]'s argon mass mt = 4000 and path length d = 1 sigma. */
#pragma once
#include <dwell/quantum.h>

static inline void DWTestQuarticWell(PetscInt n, PetscReal Vb, PetscReal dV, PetscReal xi[],
                                     PetscReal V[])
{
  for (PetscInt i = 0; i < n; i++) {
    const PetscReal x = (PetscReal)i / (n - 1);
    xi[i]             = x;
    V[i] = 16 * Vb * x * x * (1 - x) * (1 - x) + dV * 0.5 * (1 + PetscTanhReal((x - 0.5) / 0.02));
  }
}

static inline PetscErrorCode DWTestQuarticTunnel(MPI_Comm comm, PetscReal Vb, PetscReal dV,
                                                 DWTunnel *t)
{
  PetscReal xi[2001], V[2001];

  PetscFunctionBegin;
  DWTestQuarticWell(2001, Vb, dV, xi, V);
  PetscCall(DWTunnelCreate(comm, t));
  PetscCall(DWTunnelSetMass(*t, 4000));
  PetscCall(DWTunnelSetProfile(*t, 2001, xi, V, 1.0));
  PetscFunctionReturn(0);
}
