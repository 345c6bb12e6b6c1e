/* DWTunnel: a double well as a quantum two-level system ([PRL20] eq. 2, [JCP23] eqs. 9-15,
   DESIGN.md section 4).

   Along the minimum energy path of a double well, xi in [0, 1] (xi = 0 the deeper minimum,
   path length d in sigma), the 1D Schroedinger equation in reduced units (energy eps,
   hbar = 1, dimensionless mass mt = m sigma^2 eps / hbar^2, see <dwell/units.h>) is
       -(1 / (2 mt d^2)) psi''(xi) + V(xi) psi(xi) = E psi(xi).
   V is the cubic spline (<dwell/spline.h>; not-a-knot ends by default) of the given profile
   (xi_k, V_k), continued beyond [0, 1] by its second-order Taylor polynomial at the end (a
   parabola with the end curvature, so it rises and the low states decay). The continuation extends
   `extension` oscillator lengths l = (mt d^2 V''(end))^(-1/4) beyond each end; about N_xi points
   (default 2000) cover the whole extended domain uniformly (Dirichlet walls just outside), spaced
   so that xi = 0 and xi = 1 are grid points, and the kinetic term is the 4th-order 5-point
   Laplacian, so the Hamiltonian is a symmetric pentadiagonal matrix. N_xi counts the whole domain
   (not [0, 1]) so that the cost of a solve is fixed and the resolution h/l adapts to the wells. Its
   lowest 5 eigenvalues E_1 <= ... <= E_5 (eps) are found by shift-and-invert block inverse
   iteration, the splitting E = E_2 - E_1 by a Rayleigh-Ritz step whose matrix elements are
   summed in a difference form that keeps their accuracy near the rounding of E_1 itself
   (not of the matrix norm), so splittings far below 1e-12 eps are resolved.

   From the profile and the levels (hbar = 1, all in eps unless said; src/quantum/wkb.c):
     dV = V(1) - V(0) >= 0, V_a = max V - V(0), V_b = V_a - dV / 2,
     omega_i = sqrt(V''(xi_i) / (mt d^2)), the well frequencies along the path (hbar omega),
     Delta = dV + (omega_2 - omega_1) / 2, the asymmetry of the zero-point levels ([JCP23]
       eq. 13),
     S = d sqrt(2 mt) int_a^b sqrt(V(xi) - E_t) dxi, the WKB action under the barrier
       (dimensionless), a < xi_top < b the turning points at the level E_t of the Delta_0
       convention,
     Delta_0 = P exp(-S), the tunnelling matrix element; convention -tunnel_delta0:
       jcp23 (default; [JCP23] eq. 15) P = eps_bar = (E_1 + E_2) / 2 - V(0), E_t = (E_1 + E_2) / 2;
       ll    (Landau-Lifshitz) P = sqrt(omega_1 omega_2) / pi, E_t = the mean zero-point level
             [V(0) + omega_1 / 2 + V(1) + omega_2 / 2] / 2;
       garg  ll times sqrt(e / pi) (A. Garg, Am. J. Phys. 68, 430 (2000)): exact as S -> infinity
             for a symmetric well, relative error ~ 1.4 / S for quartic wells; jcp23 tends to
             1.689 and ll to 1.075 times the exact splitting there,
     Gamma = (1 / mt) [int_0^a dx / p]^-1 exp(-2 int_a^b |p| dx), p = sqrt(2 mt (E_2 - V)), x = xi
   d, the decay rate of [JCP23] eq. 14 with turning points at E_2, in eps / hbar. A quantity whose
   level has no turning point on one side of the barrier (above the barrier top, or below the bottom
   of the shallower well) is NaN, with wkb_valid false and the reason. The two-level model predicts
   E ~ sqrt(Delta^2 + Delta_0^2) where WKB holds.

   Error control: with checking on (default) DWTunnelSolve() also solves for E on a grid with
   half the points and on a domain with 3/4 of the extension (same spacing); the reported
   tolerance is E_tol = 2 (|E - E_half| / 3 + |E - E_narrow|) + a rounding floor (the grid
   error estimate is Richardson's for order 2, the order a cubic-spline profile allows, see
   src/quantum/solve.c). The result is flagged not converged, with a PetscInfo() message,
   when E_tol > rtol E.

   A DWTunnel lives on a communicator; its computations are sequential and replicated. */
#pragma once
#include <petscviewer.h>
#include <dwell/units.h>
#include <dwell/spline.h>

typedef struct _p_DWTunnel *DWTunnel;

#define DW_TUNNEL_NLEVELS 5

typedef struct {
  PetscReal levels[DW_TUNNEL_NLEVELS]; /* E_1..E_5, eps, same zero as the profile */
  PetscReal E;                         /* E_2 - E_1, eps */
  PetscReal E_tol;                     /* estimated absolute error of E, eps (0 if not checked) */
  PetscReal E_err_grid;                /* |E - E(N_xi/2)| / 3, eps */
  PetscReal E_err_domain;              /* |E - E(extension * 3/4)|, eps */
  PetscBool checked;                   /* the two extra solves were done */
  PetscBool converged;                 /* checked and E_tol <= rtol E */
  PetscBool flipped;                   /* the profile was reversed so that xi = 0 is deeper */
  PetscBool double_well;               /* minima at both ends and one barrier between */
  PetscReal dV, V_a, V_b;              /* eps */
  PetscReal xi_top;                    /* position of the barrier top (of the spline) */
  PetscReal omega_1, omega_2;          /* hbar omega at xi = 0 and 1, eps */
  PetscReal Delta, Delta_0;            /* eps (Delta_0 NaN where undefined) */
  PetscReal S;                         /* WKB action at wkb_level, dimensionless */
  PetscReal wkb_level;                 /* turning-point level E_t of Delta_0, eps */
  PetscReal Gamma;             /* [JCP23] eq. 14 decay rate, eps / hbar (NaN if undefined) */
  char delta0[32];             /* the Delta_0 convention used */
  PetscBool wkb_valid;         /* turning points on both sides at E_t and at E_2 */
  const char *wkb_reason;      /* why not ("" when valid) */
  PetscReal mt, d;             /* the mass and path length used */
  PetscInt n;                  /* grid points */
  PetscReal h, xi_min, xi_max; /* spacing and extended domain, in xi */
} DWTunnelResult;

/* Collective. Defaults: N_xi 2000, extension 7, checking on, rtol 1e-3, double well
   required. */
PetscErrorCode DWTunnelCreate(MPI_Comm comm, DWTunnel *t);
PetscErrorCode DWTunnelDestroy(DWTunnel *t);
/* The dimensionless mass mt (> 0). */
PetscErrorCode DWTunnelSetMass(DWTunnel t, PetscReal mt);
PetscErrorCode DWTunnelGetMass(DWTunnel t, PetscReal *mt);
/* Grid points over the whole extended domain (>= 64). */
PetscErrorCode DWTunnelSetGridSize(DWTunnel t, PetscInt n_xi);
/* Width of each continuation in oscillator lengths of that end (>= 3). */
PetscErrorCode DWTunnelSetExtension(DWTunnel t, PetscReal extension);
/* Whether DWTunnelSolve() estimates the error of E with two extra solves, and the relative
   tolerance rtol for the converged flag. */
PetscErrorCode DWTunnelSetCheck(DWTunnel t, PetscBool check, PetscReal rtol);
/* PETSC_FALSE accepts any profile whose continuation rises (e.g. a single well): the levels
   are computed, the double-well quantities only if the profile is one. */
PetscErrorCode DWTunnelSetRequireDoubleWell(DWTunnel t, PetscBool require);
/* Relative tolerance (of V_a) for non-monotone steps of the profile data on either side of
   the barrier before it counts as an intermediate minimum (default 1e-6). */
PetscErrorCode DWTunnelSetMonotoneTolerance(DWTunnel t, PetscReal tol);
/* Not collective. The spline's end conditions (-tunnel_spline_ends notaknot|minima):
   not-a-knot (nothing assumed; the default) or minima (zero slopes at xi = 0 and 1, exact for
   a path between two inherent structures and more accurate there; the campaign uses it; see
   src/quantum/profile.c). */
PetscErrorCode DWTunnelSetSplineEnds(DWTunnel t, DWSplineEnds ends);
/* Not collective. The Delta_0 convention by name (-tunnel_delta0 jcp23|ll|garg; default jcp23);
   errors on an unknown name, listing the known ones. */
typedef const char *DWTunnelDelta0Type;
#define DWTUNNEL_DELTA0_JCP23 "jcp23"
#define DWTUNNEL_DELTA0_LL    "ll"
#define DWTUNNEL_DELTA0_GARG  "garg"
PetscErrorCode DWTunnelSetDelta0Type(DWTunnel t, DWTunnelDelta0Type type);
/* Collective. Reads -tunnel_n_xi, -tunnel_spline_ends, -tunnel_extension, -tunnel_check,
   -tunnel_rtol, -tunnel_require_double_well, -tunnel_monotone_tol, -tunnel_delta0. */
PetscErrorCode DWTunnelSetFromOptions(DWTunnel t);
/* Not collective. Copies the profile: n >= 4 points, xi strictly increasing from 0 to 1,
   finite V (eps), path length d > 0 (sigma). Errors name the offending value. */
PetscErrorCode DWTunnelSetProfile(DWTunnel t, PetscInt n, const PetscReal xi[], const PetscReal V[],
                                  PetscReal d);
/* Not collective. Splines the profile, orients it (deeper minimum at xi = 0) and checks it is
   a double well (or that its continuation rises, if no double well is required). */
PetscErrorCode DWTunnelSetUp(DWTunnel t);
/* Not collective. Levels, splitting, WKB quantities and (if on) the error estimate. */
PetscErrorCode DWTunnelSolve(DWTunnel t);
/* Not collective. The result of the last solve (the caller owns the copy). */
PetscErrorCode DWTunnelGetResult(DWTunnel t, DWTunnelResult *r);
/* Not collective. The potential used, V(xi) in eps, at any xi (spline or continuation). */
PetscErrorCode DWTunnelEvaluatePotential(DWTunnel t, PetscReal xi, PetscReal *V);
/* Collective on the viewer. Prints the result as YAML lines (units in the key comments). */
PetscErrorCode DWTunnelView(DWTunnel t, PetscViewer viewer);

/* Not collective. Registers the logging events of this module (PetscLogEventRegister; a no-op
   the second time). Every rank of a campaign calls it at start-up (src/app/logevents.c), so that
   -log_view sums the same event on every rank even where only workers run the module. */
PetscErrorCode DWTunnelLogRegister(void);
