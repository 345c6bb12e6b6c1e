/* Two-level parameters of a double well from its profile ([JCP23] eqs. 12-15; hbar = 1,
   energies in eps, xi in [0, 1], path length d in sigma, mass mt):
     omega_i = sqrt(V''(xi_i) / (mt d^2)), the harmonic frequency of well i along the path;
     Delta   = dV + (omega_2 - omega_1) / 2, the asymmetry of the two zero-point levels;
     Gamma   = d sqrt(2 mt) int_a^b sqrt(V(xi) - Ebar) dxi, the WKB decay exponent under the
               barrier, a < xi_top < b the turning points at Ebar = [V(0) + omega_1/2 +
               V(1) + omega_2/2] / 2 (an end, if V stays above Ebar up to it);
     Delta_0 = (sqrt(omega_1 omega_2) / pi) sqrt(e / pi) exp(-Gamma).
   The prefactor is the Landau-Lifshitz omega/pi ("Quantum Mechanics", sec. 50, problem 3)
   times Garg's correction sqrt(e/pi) ~ 0.93 (Am. J. Phys. 68, 430 (2000)), which makes it
   exact for a symmetric well as Gamma grows (the tests check the approach to the exact
   splitting, relative error ~ 1.4 / Gamma for quartic wells).
   The integral is taken on 1024 equal steps of the spline with the exact sqrt(linear)
   integral on the partial steps at the turning points. */
#include "quantum/tunnelimpl.h"

#define NWKB 1024

/* Turning point between samples j and j + 1 (linear interpolation of V - Ebar). */
static PetscReal Crossing(const PetscReal v[], PetscInt j, PetscReal Ebar)
{
  return (j + (Ebar - v[j]) / (v[j + 1] - v[j])) / NWKB;
}

static PetscReal Integral(const PetscReal v[], PetscReal Ebar, PetscInt jtop, PetscBool *both)
{
  PetscInt jl = jtop, jr = jtop;
  PetscReal a = 0, b = 1, area = 0;
  PetscBool ta = PETSC_FALSE, tb = PETSC_FALSE;

  while (jl > 0 && v[jl - 1] > Ebar) jl--;
  while (jr < NWKB && v[jr + 1] > Ebar) jr++;
  if (jl > 0) {
    a  = Crossing(v, jl - 1, Ebar);
    ta = PETSC_TRUE;
  }
  if (jr < NWKB) {
    b  = Crossing(v, jr, Ebar);
    tb = PETSC_TRUE;
  }
  for (PetscInt j = jl; j < jr; j++)
    area += 0.5 * (PetscSqrtReal(v[j] - Ebar) + PetscSqrtReal(v[j + 1] - Ebar)) / NWKB;
  area += ta ? (2.0 / 3) * ((PetscReal)jl / NWKB - a) * PetscSqrtReal(v[jl] - Ebar) : 0;
  area += tb ? (2.0 / 3) * (b - (PetscReal)jr / NWKB) * PetscSqrtReal(v[jr] - Ebar) : 0;
  *both = (PetscBool)(ta && tb);
  return area;
}

PetscErrorCode DWTunnelComputeWKB(DWTunnel t)
{
  DWTunnelResult *r = &t->result;
  PetscReal v[NWKB + 1], Ebar;
  PetscInt k = 0, jtop = 0;
  PetscBool both;

  PetscFunctionBegin;
  r->omega_1 = PetscSqrtReal(t->d2Vend[0] / (t->mt * t->d * t->d));
  r->omega_2 = PetscSqrtReal(t->d2Vend[1] / (t->mt * t->d * t->d));
  r->Delta   = r->dV + 0.5 * (r->omega_2 - r->omega_1);
  r->Gamma = r->Delta_0 = 0;
  r->wkb_valid          = PETSC_FALSE;
  if (!r->double_well) PetscFunctionReturn(0);
  for (PetscInt j = 0; j <= NWKB; j++) {
    v[j] = DWTunnelPotential(t, (PetscReal)j / NWKB, &k);
    if (v[j] > v[jtop]) jtop = j;
  }
  Ebar = 0.5 * (t->Vend[0] + 0.5 * r->omega_1 + t->Vend[1] + 0.5 * r->omega_2);
  if (v[jtop] > Ebar) {
    r->Gamma     = t->d * PetscSqrtReal(2 * t->mt) * Integral(v, Ebar, jtop, &both);
    r->wkb_valid = both;
  }
  r->Delta_0 = PetscSqrtReal(r->omega_1 * r->omega_2) / PETSC_PI *
               PetscSqrtReal(PetscExpReal(1.0) / PETSC_PI) * PetscExpReal(-r->Gamma);
  PetscFunctionReturn(0);
}
