/* Two-level parameters of a double well from its profile ([JCP23] eqs. 12-15; hbar = 1,
   energies in eps, xi in [0, 1] with xi = 0 the deeper minimum, x = xi d in sigma, mass mt,
   E_1 < E_2 the two lowest levels of the 1D problem, V(0) the bottom of the deeper well):
     omega_i = sqrt(V''(xi_i) / (mt d^2)), the harmonic frequency of well i along the path;
     Delta   = dV + (omega_2 - omega_1) / 2, the asymmetry of the two zero-point levels (eq. 13);
     S(E)    = int_a^b |p| dx = d sqrt(2 mt) int_a^b sqrt(V(xi) - E) dxi, the WKB action under
               the barrier at the level E, p(x) = sqrt(2 mt (E - V(x))), a < xi_top < b the
               turning points V(a) = V(b) = E on either side of the barrier;
     Gamma   = (1 / mt) [int_0^a dx / p(x)]^-1 exp(-2 S(E_2)), the decay rate of eq. 14 with
               p and a at the level E_2 (the text after eq. 15: "This level is eps_2 for the
               calculation of Gamma"); int_0^a runs from the deeper minimum to its turning
               point, a quarter period (1/mt)[...]^-1 = 2 omega_1 / pi for a harmonic well. A
               rate in eps / hbar (times eps / hbar in J/(J s) for s^-1).
     Delta_0 = P exp(-S(E_t)), the tunnelling matrix element, its prefactor P and turning-point
               level E_t set by the convention (-tunnel_delta0, registered by name below):
       jcp23  eq. 15 as we read it: P = eps_bar = (E_1 + E_2) / 2 - V(0), the mean of the two
              lowest levels measured from the bottom of the deeper well, and E_t the same mean
              level (E_1 + E_2) / 2: the text says the turning points of Delta_0 are at "eps~"
              (the eps_bar of eq. 15), not at eps_2, and we take |p| at that level too so that
              a and b are the zeros of the integrand. For a symmetric well, eps_bar ->
              omega / 2 and the exact splitting is (omega / pi) sqrt(e / pi) exp(-S) (Garg),
              so this Delta_0 / E -> pi^(3/2) / (2 sqrt(e)) = 1.689 as the barrier grows
              (tests/quantum/test_delta0.c measures it);
       ll     Landau-Lifshitz ("Quantum Mechanics", sec. 50, problem 3): P = sqrt(omega_1
              omega_2) / pi, E_t = [V(0) + omega_1 / 2 + V(1) + omega_2 / 2] / 2 the mean
              zero-point level; Delta_0 / E -> sqrt(pi / e) = 1.075;
       garg   ll times Garg's correction sqrt(e / pi) ~ 0.93 (A. Garg, Am. J. Phys. 68, 430
              (2000)), exact for a symmetric well as S grows (relative error ~ 1.4 / S for
              quartic wells).
   Undefined values are not invented: a quantity whose level has no turning point on one
   side (the level above the barrier top, or below the bottom of the shallower well, V(1)) is
   NaN, and wkb_valid is false with the reason in wkb_reason.
   The integrals are taken on 1024 equal steps of the spline: S by the trapezoid rule with
   the exact sqrt(linear) integral on the partial steps at the turning points;
   int dxi / sqrt(E - V) exactly for V linear on each step (2 h / (sqrt(E - V_j) +
   sqrt(E - V_j+1))), which handles the inverse square root at a. */
#include "quantum/tunnelimpl.h"

#define NWKB 1024

static PetscFunctionList DWTunnelDelta0List;

/* Turning point between samples j and j + 1 (linear interpolation of V - level). */
static PetscReal Crossing(const PetscReal v[], PetscInt j, PetscReal level)
{
  return (j + (level - v[j]) / (v[j + 1] - v[j])) / NWKB;
}

/* The turning points at `level` around the top jtop: samples jl..jr lie above the level, a
   and b interpolated; *both when there is one on each side (not an end of [0, 1]). */
static void TurningPoints(const PetscReal v[], PetscReal level, PetscInt jtop, PetscInt *jl,
                          PetscInt *jr, PetscReal *a, PetscReal *b, PetscBool *both)
{
  *jl = *jr = jtop;
  while (*jl > 0 && v[*jl - 1] > level) (*jl)--;
  while (*jr < NWKB && v[*jr + 1] > level) (*jr)++;
  *a    = *jl > 0 ? Crossing(v, *jl - 1, level) : 0;
  *b    = *jr < NWKB ? Crossing(v, *jr, level) : 1;
  *both = (PetscBool)(*jl > 0 && *jr < NWKB && v[jtop] > level);
}

/* int_a^b sqrt(V - level) dxi (xi units), with the turning points of TurningPoints. */
static PetscReal Action(const PetscReal v[], PetscReal level, PetscInt jl, PetscInt jr, PetscReal a,
                        PetscReal b)
{
  PetscReal area = 0;

  for (PetscInt j = jl; j < jr; j++)
    area += 0.5 * (PetscSqrtReal(v[j] - level) + PetscSqrtReal(v[j + 1] - level)) / NWKB;
  area += (2.0 / 3) * ((PetscReal)jl / NWKB - a) * PetscSqrtReal(v[jl] - level);
  area += (2.0 / 3) * (b - (PetscReal)jr / NWKB) * PetscSqrtReal(v[jr] - level);
  return area;
}

/* int_0^a dxi / sqrt(level - V) (xi units), V below the level on [0, a), a in step jl - 1. */
static PetscReal InverseMomentum(const PetscReal v[], PetscReal level, PetscInt jl, PetscReal a)
{
  PetscReal sum = 0;

  for (PetscInt j = 0; j < jl - 1; j++)
    sum += 2.0 / NWKB / (PetscSqrtReal(level - v[j]) + PetscSqrtReal(level - v[j + 1]));
  return sum + 2 * (a - (PetscReal)(jl - 1) / NWKB) / PetscSqrtReal(level - v[jl - 1]);
}

/* Delta_0 conventions: the turning-point level E_t (same zero as the profile) and the
   prefactor P (eps) of Delta_0 = P exp(-S(E_t)). */
static PetscErrorCode Delta0_JCP23(DWTunnel t, PetscReal *level, PetscReal *prefactor)
{
  const DWTunnelResult *r = &t->result;

  PetscFunctionBegin;
  *level     = 0.5 * (r->levels[0] + r->levels[1]);
  *prefactor = *level - t->Vend[0];
  PetscFunctionReturn(0);
}

static PetscErrorCode Delta0_LL(DWTunnel t, PetscReal *level, PetscReal *prefactor)
{
  const DWTunnelResult *r = &t->result;

  PetscFunctionBegin;
  *level     = 0.5 * (t->Vend[0] + 0.5 * r->omega_1 + t->Vend[1] + 0.5 * r->omega_2);
  *prefactor = PetscSqrtReal(r->omega_1 * r->omega_2) / PETSC_PI;
  PetscFunctionReturn(0);
}

static PetscErrorCode Delta0_Garg(DWTunnel t, PetscReal *level, PetscReal *prefactor)
{
  PetscFunctionBegin;
  PetscCall(Delta0_LL(t, level, prefactor));
  *prefactor *= PetscSqrtReal(PetscExpReal(1.0) / PETSC_PI);
  PetscFunctionReturn(0);
}

PetscErrorCode DWTunnelDelta0RegisterAll(void)
{
  PetscFunctionBegin;
  if (DWTunnelDelta0List) PetscFunctionReturn(0);
  PetscCall(PetscFunctionListAdd(&DWTunnelDelta0List, DWTUNNEL_DELTA0_JCP23, Delta0_JCP23));
  PetscCall(PetscFunctionListAdd(&DWTunnelDelta0List, DWTUNNEL_DELTA0_LL, Delta0_LL));
  PetscCall(PetscFunctionListAdd(&DWTunnelDelta0List, DWTUNNEL_DELTA0_GARG, Delta0_Garg));
  PetscFunctionReturn(0);
}

PetscErrorCode DWTunnelDelta0ListNames(char buf[], size_t len)
{
  PetscFunctionBegin;
  PetscCall(DWTunnelDelta0RegisterAll());
  PetscCall(DWRegistryListNames(DWTunnelDelta0List, ", ", buf, len));
  PetscFunctionReturn(0);
}

PetscErrorCode DWTunnelSetDelta0Type(DWTunnel t, DWTunnelDelta0Type type)
{
  PetscErrorCode (*fn)(DWTunnel, PetscReal *, PetscReal *);

  PetscFunctionBegin;
  PetscCall(DWTunnelDelta0RegisterAll());
  PetscCall(DWRegistryFind(t->comm, DWTunnelDelta0List, "Delta_0 convention (-tunnel_delta0)", type,
                           &fn));
  PetscCall(PetscStrncpy(t->delta0, type, sizeof(t->delta0)));
  t->delta0_fn = fn;
  PetscFunctionReturn(0);
}

/* Why the turning points at `level` are missing ("" if both exist). */
static const char *Missing(const PetscReal v[], PetscInt jtop, PetscReal level, PetscBool gamma)
{
  if (v[jtop] <= level)
    return gamma ? "E_2 above the barrier top: Gamma undefined"
                 : "the Delta_0 level above the barrier top: Delta_0 undefined";
  if (level <= v[NWKB])
    return gamma ? "E_2 below the bottom of the shallower well: Gamma undefined"
                 : "the Delta_0 level below the bottom of the shallower well: Delta_0 undefined";
  if (level <= v[0])
    return gamma ? "E_2 below the bottom of the deeper well: Gamma undefined"
                 : "the Delta_0 level below the bottom of the deeper well: Delta_0 undefined";
  return "";
}

PetscErrorCode DWTunnelComputeWKB(DWTunnel t)
{
  DWTunnelResult *r = &t->result;
  PetscReal v[NWKB + 1], level, prefactor, a, b;
  PetscInt k = 0, jtop = 0, jl, jr;
  PetscBool both;

  PetscFunctionBegin;
  r->omega_1 = PetscSqrtReal(t->d2Vend[0] / (t->mt * t->d * t->d));
  r->omega_2 = PetscSqrtReal(t->d2Vend[1] / (t->mt * t->d * t->d));
  r->Delta   = r->dV + 0.5 * (r->omega_2 - r->omega_1);
  r->S = r->Gamma = r->Delta_0 = r->wkb_level = NAN;
  r->wkb_valid                                = PETSC_FALSE;
  r->wkb_reason                               = "not a double well";
  PetscCall(PetscStrncpy(r->delta0, t->delta0, sizeof(r->delta0)));
  if (!r->double_well) PetscFunctionReturn(0);
  for (PetscInt j = 0; j <= NWKB; j++) {
    v[j] = DWTunnelPotential(t, (PetscReal)j / NWKB, &k);
    if (v[j] > v[jtop]) jtop = j;
  }
  PetscCall(t->delta0_fn(t, &level, &prefactor));
  r->wkb_level = level;
  TurningPoints(v, level, jtop, &jl, &jr, &a, &b, &both);
  r->wkb_reason = Missing(v, jtop, level, PETSC_FALSE);
  if (both) {
    r->S       = t->d * PetscSqrtReal(2 * t->mt) * Action(v, level, jl, jr, a, b);
    r->Delta_0 = prefactor * PetscExpReal(-r->S);
  }
  level = r->levels[1];
  TurningPoints(v, level, jtop, &jl, &jr, &a, &b, &r->wkb_valid);
  if (r->wkb_valid) {
    const PetscReal S2 = t->d * PetscSqrtReal(2 * t->mt) * Action(v, level, jl, jr, a, b),
                    T4 = t->d * InverseMomentum(v, level, jl, a) / PetscSqrtReal(2 * t->mt);
    r->Gamma           = PetscExpReal(-2 * S2) / (t->mt * T4);
  } else if (both)
    r->wkb_reason = Missing(v, jtop, level, PETSC_TRUE);
  r->wkb_valid = (PetscBool)(r->wkb_valid && both);
  PetscFunctionReturn(0);
}
