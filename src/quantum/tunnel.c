/* DWTunnel: the object, its options and its view (see include/dwell/quantum.h for the
   physics, [PRL20] eq. 2 and [JCP23] eqs. 9-15). */
#include "quantum/tunnelimpl.h"

PetscLogEvent DW_TUNNEL_SOLVE;
static PetscBool registered;

PetscErrorCode DWTunnelLogRegister(void)
{
  PetscFunctionBegin;
  if (!registered) {
    PetscCall(PetscLogEventRegister("DWTunnelSolve", 0, &DW_TUNNEL_SOLVE));
    registered = PETSC_TRUE;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWTunnelCreate(MPI_Comm comm, DWTunnel *t)
{
  PetscFunctionBegin;
  PetscCall(DWTunnelLogRegister());
  PetscCall(PetscNew(t));
  (*t)->comm         = comm;
  (*t)->n_xi         = 2000;
  (*t)->extension    = 7;
  (*t)->check        = PETSC_TRUE;
  (*t)->rtol         = 1e-3;
  (*t)->require_dw   = PETSC_TRUE;
  (*t)->monotone_tol = 1e-6;
  PetscCall(DWTunnelSetDelta0Type(*t, DWTUNNEL_DELTA0_JCP23));
  PetscFunctionReturn(0);
}

PetscErrorCode DWTunnelDestroy(DWTunnel *t)
{
  PetscFunctionBegin;
  if (!*t) PetscFunctionReturn(0);
  PetscCall(PetscFree2((*t)->xi, (*t)->V));
  PetscCall(DWSplineDestroy(&(*t)->spline));
  PetscCall(PetscFree((*t)->grid.V));
  PetscCall(PetscFree((*t)->grid2.V));
  if ((*t)->coarse.nalloc) PetscCall(DWCoarseDestroy(&(*t)->coarse));
  PetscCall(DWFineDestroy(&(*t)->fine));
  PetscCall(PetscFree(*t));
  PetscFunctionReturn(0);
}

PetscErrorCode DWTunnelSetMass(DWTunnel t, PetscReal mt)
{
  PetscFunctionBegin;
  PetscCheck(mt > 0 && PetscIsNormalReal(mt), t->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "mass %g: the dimensionless mass mt must be positive and finite", (double)mt);
  t->mt          = mt;
  t->setupcalled = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWTunnelGetMass(DWTunnel t, PetscReal *mt)
{
  PetscFunctionBegin;
  *mt = t->mt;
  PetscFunctionReturn(0);
}

PetscErrorCode DWTunnelSetGridSize(DWTunnel t, PetscInt n_xi)
{
  PetscFunctionBegin;
  PetscCheck(n_xi >= 64, t->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-tunnel_n_xi %" PetscInt_FMT ": at least 64 grid points are needed", n_xi);
  t->n_xi = n_xi;
  PetscFunctionReturn(0);
}

PetscErrorCode DWTunnelSetExtension(DWTunnel t, PetscReal extension)
{
  PetscFunctionBegin;
  PetscCheck(extension >= 3 && extension <= 100, t->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-tunnel_extension %g: the continuation must span 3 to 100 oscillator lengths",
             (double)extension);
  t->extension = extension;
  PetscFunctionReturn(0);
}

PetscErrorCode DWTunnelSetCheck(DWTunnel t, PetscBool check, PetscReal rtol)
{
  PetscFunctionBegin;
  PetscCheck(rtol > 0, t->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-tunnel_rtol %g: the relative tolerance must be positive", (double)rtol);
  t->check = check;
  t->rtol  = rtol;
  PetscFunctionReturn(0);
}

PetscErrorCode DWTunnelSetRequireDoubleWell(DWTunnel t, PetscBool require)
{
  PetscFunctionBegin;
  t->require_dw  = require;
  t->setupcalled = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWTunnelSetMonotoneTolerance(DWTunnel t, PetscReal tol)
{
  PetscFunctionBegin;
  PetscCheck(tol >= 0 && tol < 1, t->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-tunnel_monotone_tol %g: must lie in [0, 1)", (double)tol);
  t->monotone_tol = tol;
  t->setupcalled  = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWTunnelSetSplineEnds(DWTunnel t, DWSplineEnds ends)
{
  PetscFunctionBegin;
  t->ends        = ends;
  t->setupcalled = PETSC_FALSE;
  PetscFunctionReturn(0);
}

static const char *const spline_ends[] = {"notaknot", "minima", "DWSplineEnds", "DW_SPLINE_", NULL};

PetscErrorCode DWTunnelSetFromOptions(DWTunnel t)
{
  PetscEnum ends = (PetscEnum)t->ends;
  PetscInt n     = t->n_xi;
  PetscReal ext = t->extension, rtol = t->rtol, mono = t->monotone_tol;
  PetscBool chk = t->check, req = t->require_dw;
  char delta0[DW_REGISTRY_NAME_LEN], known[128];

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(delta0, t->delta0, sizeof(delta0)));
  PetscCall(DWTunnelDelta0ListNames(known, sizeof(known)));
  PetscOptionsBegin(t->comm, NULL, "1D Schroedinger problem of a double well", "DWTunnel");
  PetscCall(PetscOptionsInt("-tunnel_n_xi", "grid points over the whole extended domain",
                            "DWTunnelSetGridSize", n, &n, NULL));
  PetscCall(PetscOptionsReal("-tunnel_extension",
                             "continuation beyond each end, in oscillator lengths",
                             "DWTunnelSetExtension", ext, &ext, NULL));
  PetscCall(PetscOptionsBool(
      "-tunnel_check",
      "estimate the error of E with solves on N_xi/2 points and a 3/4 continuation",
      "DWTunnelSetCheck", chk, &chk, NULL));
  PetscCall(PetscOptionsReal("-tunnel_rtol",
                             "relative error of E above which the result is flagged not converged",
                             "DWTunnelSetCheck", rtol, &rtol, NULL));
  PetscCall(PetscOptionsBool("-tunnel_require_double_well",
                             "stop on a profile that is not a double well",
                             "DWTunnelSetRequireDoubleWell", req, &req, NULL));
  PetscCall(PetscOptionsReal("-tunnel_monotone_tol",
                             "tolerated non-monotone steps of the profile, relative to V_a",
                             "DWTunnelSetMonotoneTolerance", mono, &mono, NULL));
  PetscCall(
      PetscOptionsEnum("-tunnel_spline_ends",
                       "spline end conditions: notaknot, or minima (zero slopes at both ends)",
                       "DWTunnelSetSplineEnds", spline_ends, ends, &ends, NULL));
  PetscCall(PetscOptionsString("-tunnel_delta0", known, "DWTunnelSetDelta0Type", delta0, delta0,
                               sizeof(delta0), NULL));
  PetscOptionsEnd();
  PetscCall(DWTunnelSetDelta0Type(t, delta0));
  PetscCall(DWTunnelSetSplineEnds(t, (DWSplineEnds)ends));
  PetscCall(DWTunnelSetGridSize(t, n));
  PetscCall(DWTunnelSetExtension(t, ext));
  PetscCall(DWTunnelSetCheck(t, chk, rtol));
  PetscCall(DWTunnelSetRequireDoubleWell(t, req));
  PetscCall(DWTunnelSetMonotoneTolerance(t, mono));
  PetscFunctionReturn(0);
}

PetscErrorCode DWTunnelSetProfile(DWTunnel t, PetscInt n, const PetscReal xi[], const PetscReal V[],
                                  PetscReal d)
{
  PetscFunctionBegin;
  PetscCheck(n >= 4, t->comm, PETSC_ERR_ARG_SIZ,
             "a profile needs at least 4 points, got %" PetscInt_FMT, n);
  PetscCheck(d > 0 && PetscIsNormalReal(d), t->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "path length d = %g: it must be positive and finite", (double)d);
  for (PetscInt k = 0; k < n; k++) {
    PetscCheck(!PetscIsInfOrNanReal(xi[k]), t->comm, PETSC_ERR_FP,
               "profile point %" PetscInt_FMT ": xi = %g is not a finite number", k, (double)xi[k]);
    PetscCheck(!PetscIsInfOrNanReal(V[k]), t->comm, PETSC_ERR_FP,
               "profile point %" PetscInt_FMT ": V = %g is not a finite number", k, (double)V[k]);
    PetscCheck(k == 0 || xi[k] > xi[k - 1], t->comm, PETSC_ERR_ARG_WRONG,
               "profile point %" PetscInt_FMT ": xi = %.17g does not increase (previous %.17g)", k,
               (double)xi[k], (double)xi[k - 1]);
  }
  PetscCheck(PetscAbsReal(xi[0]) <= 1e-9 && PetscAbsReal(xi[n - 1] - 1) <= 1e-9, t->comm,
             PETSC_ERR_ARG_OUTOFRANGE,
             "the profile's xi must run from 0 to 1 (normalised path), got %.17g to %.17g",
             (double)xi[0], (double)xi[n - 1]);
  PetscCall(PetscFree2(t->xi, t->V));
  PetscCall(PetscMalloc2(n, &t->xi, n, &t->V));
  PetscCall(PetscArraycpy(t->xi, xi, n));
  PetscCall(PetscArraycpy(t->V, V, n));
  t->np          = n;
  t->d           = d;
  t->setupcalled = PETSC_FALSE;
  t->solved      = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWTunnelSetUp(DWTunnel t)
{
  PetscFunctionBegin;
  if (t->setupcalled) PetscFunctionReturn(0);
  PetscCheck(t->mt > 0, t->comm, PETSC_ERR_ARG_WRONGSTATE,
             "set the dimensionless mass (DWTunnelSetMass, -mass or -units) before solving");
  PetscCheck(t->np >= 4, t->comm, PETSC_ERR_ARG_WRONGSTATE,
             "set a profile (DWTunnelSetProfile) before solving");
  PetscCall(PetscMemzero(&t->result, sizeof(t->result)));
  PetscCall(DWTunnelAnalyseProfile(t));
  t->setupcalled = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWTunnelGetResult(DWTunnel t, DWTunnelResult *r)
{
  PetscFunctionBegin;
  PetscCheck(t->solved, t->comm, PETSC_ERR_ARG_WRONGSTATE, "call DWTunnelSolve() first");
  *r = t->result;
  PetscFunctionReturn(0);
}

PetscErrorCode DWTunnelEvaluatePotential(DWTunnel t, PetscReal xi, PetscReal *V)
{
  PetscInt k = 0;

  PetscFunctionBegin;
  PetscCall(DWTunnelSetUp(t));
  *V = DWTunnelPotential(t, xi, &k);
  PetscFunctionReturn(0);
}

PetscErrorCode DWTunnelView(DWTunnel t, PetscViewer viewer)
{
  const DWTunnelResult *r = &t->result;

  PetscFunctionBegin;
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(t->comm, &viewer));
  PetscCheck(t->solved, t->comm, PETSC_ERR_ARG_WRONGSTATE,
             "call DWTunnelSolve() before DWTunnelView()");
  PetscCall(PetscViewerASCIIPrintf(viewer, "mt: %.17g\nd: %.17g\nkT_Q: %.17g\n", (double)r->mt,
                                   (double)r->d, (double)(2 * PETSC_PI / r->mt)));
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "grid: {points: %" PetscInt_FMT ", xi_min: %.9g, xi_max: %.9g, h: %.9g}\n", r->n,
      (double)r->xi_min, (double)r->xi_max, (double)r->h));
  PetscCall(PetscViewerASCIIPrintf(viewer, "flipped: %s\ndouble_well: %s\n",
                                   r->flipped ? "true" : "false",
                                   r->double_well ? "true" : "false"));
  PetscCall(PetscViewerASCIIPrintf(viewer, "dV: %.17g\nV_a: %.17g\nV_b: %.17g\nxi_top: %.17g\n",
                                   (double)r->dV, (double)r->V_a, (double)r->V_b,
                                   (double)r->xi_top));
  PetscCall(PetscViewerASCIIPrintf(viewer, "levels: [%.17g, %.17g, %.17g, %.17g, %.17g]\n",
                                   (double)r->levels[0], (double)r->levels[1], (double)r->levels[2],
                                   (double)r->levels[3], (double)r->levels[4]));
  PetscCall(PetscViewerASCIIPrintf(viewer, "E: %.17g\n", (double)r->E));
  if (r->checked)
    PetscCall(PetscViewerASCIIPrintf(
        viewer, "E_tol: %.3e\nE_err_grid: %.3e\nE_err_domain: %.3e\nconverged: %s\n",
        (double)r->E_tol, (double)r->E_err_grid, (double)r->E_err_domain,
        r->converged ? "true" : "false"));
  PetscCall(
      PetscViewerASCIIPrintf(viewer, "tls: %s\n", r->E < 2 * PETSC_PI / r->mt ? "true" : "false"));
  PetscCall(PetscViewerASCIIPrintf(viewer, "omega_1: %.17g\nomega_2: %.17g\nDelta: %.17g\n",
                                   (double)r->omega_1, (double)r->omega_2, (double)r->Delta));
  if (r->double_well) {
    PetscCall(PetscViewerASCIIPrintf(viewer,
                                     "delta0_convention: %s\nwkb_level: %.17g\nS: %.17g\nDelta_0: "
                                     "%.17g\nGamma: %.17g\nwkb_valid: %s\n",
                                     r->delta0, (double)r->wkb_level, (double)r->S,
                                     (double)r->Delta_0, (double)r->Gamma,
                                     r->wkb_valid ? "true" : "false"));
    if (!r->wkb_valid)
      PetscCall(PetscViewerASCIIPrintf(viewer, "wkb_reason: \"%s\"\n", r->wkb_reason));
  }
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "units: {mt: dimensionless (m sigma^2 eps / hbar^2), d: sigma, kT_Q: eps (2 pi / "
              "mt), grid: xi, energies (dV V_a V_b levels E E_tol E_err_grid E_err_domain omega_1 "
              "omega_2 Delta wkb_level Delta_0): eps with hbar = 1, S: dimensionless, Gamma: "
              "eps/hbar (a rate; nan: undefined), tls: E < kT_Q}\n"));
  PetscFunctionReturn(0);
}
