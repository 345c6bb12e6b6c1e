/* The coarse pass of one IS pair (include/dwell/screen.h, "coarse pass"; issue 16,
   "multi-fidelity paths"): a climbing string of -neb_coarse_images images at -neb_coarse_ftol,
   each of its records' splitting with an error bound (src/screen/coarse.c) for every unit set,
   and whether the pair can still be a TLS, so that the protocol's full NEB runs only then.

   Where the bound comes from, term by term (the three terms of src/screen/coarse.c, and why the
   others are left to the margin):
   - interpolation of V(xi) between the images and the spacing of the spline: |E - E_half|,
     the change of E when every other image is dropped, bounds the error of E once it falls as
     h^p, p >= 1 (E_half - E = (2^p - 1) C h^p);
   - the path length d: a polygon through the images is shorter than the path by O(h^2);
     Richardson's estimate from the half-resolution polygon gives d_hi, and |E - E_long| the
     effect on E;
   - the loose tolerance: an image off the minimum energy path by delta, with |F_perp| <= ftol
     and a perpendicular curvature k, has V too high by k delta^2 / 2 <= ftol^2 / (2 k): with
     ftol = 1e-3 eps/sigma and k >~ 1 eps/sigma^2 (the glasses' soft modes), 5e-7 eps, far below
     the 1e-3 eps of E's smallest relevant change; likewise the climbing image within
     ftol / |lambda_min| of the saddle misses V_b by ftol^2 / (2 |lambda_min|). Not added.
   - the route: a coarse band is not an upper bound on the barrier of the full one (both climb
     onto a saddle, V_b is the saddle's energy either way; with fewer images the band can cut a
     corner onto another, lower or higher, saddle, or miss an intermediate minimum). Measured on
     the quickstart pairs as a factor of up to 1.56 in E (tests/screen/test_coarse_neb.c) and,
     on a whole quickstart campaign, up to 6.5 k_B T_Q of E_lo for a TLS (include/dwell/screen.h),
     not covered by the bound: the margin is -neb_coarse_keep_multiple
     (DW_SCREEN_COARSE_MULTIPLE = 20): a pair is discarded only when E_lo > multiple k_B T_Q. */
#include <dwell/screen.h>
#include <dwell/units.h>

PetscErrorCode DWCoarseOptionsSetFromOptions(MPI_Comm comm, DWCoarseOptions *o)
{
  char list[256] = "argon_prl20,nickel_prl20", *names[DW_SCREEN_COARSE_MAX_UNITS];
  PetscInt n     = DW_SCREEN_COARSE_MAX_UNITS;
  PetscBool set;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(o, sizeof(*o)));
  o->images   = 10;
  o->ftol     = 1e-3;
  o->multiple = DW_SCREEN_COARSE_MULTIPLE;
  PetscOptionsBegin(comm, NULL, "coarse pass (issue 16): a coarse string before the full NEB",
                    NULL);
  PetscCall(PetscOptionsInt("-neb_coarse_images", "images of the coarse string (8-12 advised)",
                            NULL, o->images, &o->images, NULL));
  PetscCall(PetscOptionsReal("-neb_coarse_ftol", "its |F_perp|_inf tolerance (eps/sigma)", NULL,
                             o->ftol, &o->ftol, NULL));
  PetscCall(PetscOptionsReal("-neb_coarse_keep_multiple",
                             "keep a pair whose E_lo <= multiple k_B T_Q for some unit set", NULL,
                             o->multiple, &o->multiple, NULL));
  PetscCall(PetscOptionsStringArray("-neb_coarse_units", "unit sets of mt (names)", NULL, names, &n,
                                    &set));
  PetscOptionsEnd();
  PetscCheck(o->images >= 6, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-neb_coarse_images %" PetscInt_FMT " must be >= 6 (the half-resolution profile)",
             o->images);
  PetscCheck(o->ftol > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "-neb_coarse_ftol %g must be > 0",
             (double)o->ftol);
  PetscCheck(o->multiple >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-neb_coarse_keep_multiple %g must be >= 1", (double)o->multiple);
  if (!set) {
    names[0]     = list;
    names[1]     = strchr(list, ',') + 1;
    names[1][-1] = 0;
    n            = 2;
  }
  for (PetscInt k = 0; k < n; k++) {
    DWUnits u;

    PetscCall(DWUnitsGetByName(comm, names[k], &u));
    PetscCall(PetscStrncpy(o->names[k], names[k], sizeof(o->names[k])));
    o->mt[k]   = u.mt;
    o->kT_Q[k] = u.kT_Q;
    if (set) PetscCall(PetscFree(names[k]));
  }
  o->nunits = n;
  PetscFunctionReturn(0);
}

PetscErrorCode DWScreenCoarseHalfLength(DWSurface s, const DWDoubleWell *w, PetscReal *d_half)
{
  PetscInt m, *idx;
  PetscReal *dx;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(w->nimages, &idx, w->n, &dx));
  PetscCall(DWScreenCoarseHalfImages(w->nimages, w->V, PETSC_TRUE, &m, idx));
  *d_half = 0;
  for (PetscInt j = 1; j < m; j++) {
    PetscReal d2 = 0;

    PetscCall(DWSurfaceDifference(s, w->images + idx[j] * w->n, w->images + idx[j - 1] * w->n, dx));
    for (PetscInt k = 0; k < w->n; k++) d2 += dx[k] * dx[k];
    *d_half += PetscSqrtReal(d2);
  }
  PetscCall(PetscFree2(idx, dx));
  PetscFunctionReturn(0);
}

/* One record: its profile copied, then E and its bound for every unit set. */
static PetscErrorCode CoarseRecord(DWSurface s, const DWDoubleWell *w, const DWCoarseOptions *o,
                                   DWTunnel t, DWCoarseRecord *r)
{
  PetscFunctionBegin;
  r->nimages = w->nimages;
  r->dV      = w->dV;
  r->V_b     = w->V_b;
  r->d       = w->d;
  PetscCall(PetscMalloc2(w->nimages, &r->xi, w->nimages, &r->V));
  PetscCall(PetscArraycpy(r->xi, w->xi, w->nimages));
  PetscCall(PetscArraycpy(r->V, w->V, w->nimages));
  PetscCall(DWScreenCoarseHalfLength(s, w, &r->d_half));
  for (PetscInt k = 0; k < o->nunits; k++) {
    PetscCall(DWTunnelSetMass(t, o->mt[k]));
    PetscCall(DWScreenCoarseSplitting(t, w->nimages, w->xi, w->V, w->d, r->d_half,
                                      o->multiple * o->kT_Q[k], &r->E[k]));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWScreenCoarsePassRun(DWNEB neb, const DWCoarseOptions *o, DWTunnel t,
                                     const PetscReal a[], const PetscReal b[], DWCoarsePass *p)
{
  DWNEBResult res;
  DWDoubleWell *rec;
  DWSurface s;
  PetscReal ftol_plain;
  PetscInt maxit;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(p, sizeof(*p)));
  PetscCall(DWNEBGetTolerances(neb, NULL, &ftol_plain, &maxit));
  PetscCall(DWNEBSetType(neb, DWNEB_STRING));
  PetscCall(DWNEBSetImages(neb, o->images));
  PetscCall(DWNEBSetTolerances(neb, o->ftol, PetscMax(ftol_plain, o->ftol), maxit));
  PetscCall(DWNEBGetSurface(neb, &s));
  PetscCall(DWNEBSolve(neb, a, b, &res));
  PetscCall(DWNEBGetRecords(neb, &p->nrec, &rec));
  p->reason      = res.reason;
  p->images      = o->images;
  p->iterations  = res.iterations;
  p->evaluations = res.force_evaluations;
  PetscCall(PetscCalloc1(p->nrec, &p->rec));
  for (PetscInt i = 0; i < p->nrec; i++) PetscCall(CoarseRecord(s, &rec[i], o, t, &p->rec[i]));
  for (PetscInt k = 0; k < o->nunits; k++) {
    p->keep[k] = (PetscBool)(res.reason != DW_NEB_CONVERGED || !p->nrec);
    for (PetscInt i = 0; i < p->nrec; i++)
      p->keep[k] = (PetscBool)(p->keep[k] || p->rec[i].E[k].keep);
    p->keep_any = (PetscBool)(p->keep_any || p->keep[k]);
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWScreenCoarsePassReset(DWCoarsePass *p)
{
  PetscFunctionBegin;
  for (PetscInt i = 0; i < p->nrec; i++) PetscCall(PetscFree2(p->rec[i].xi, p->rec[i].V));
  PetscCall(PetscFree(p->rec));
  PetscCall(PetscMemzero(p, sizeof(*p)));
  PetscFunctionReturn(0);
}

PetscErrorCode DWScreenCoarsePassView(const DWCoarsePass *p, const DWCoarseOptions *o,
                                      PetscInt indent, PetscViewer v)
{
  char s[64];

  PetscFunctionBegin;
  PetscCheck(indent >= 0 && indent < 60, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "indent %" PetscInt_FMT " out of range", indent);
  for (PetscInt k = 0; k < indent; k++) s[k] = ' ';
  s[indent] = 0;
  PetscCall(PetscViewerASCIIPrintf(v, "%simages: %" PetscInt_FMT "\n%sftol: %g   # eps/sigma\n", s,
                                   p->images, s, (double)o->ftol));
  PetscCall(PetscViewerASCIIPrintf(v, "%skeep_multiple: %g   # x k_B T_Q\n%sstatus: %s\n", s,
                                   (double)o->multiple, s, DWNEBReasonName(p->reason)));
  PetscCall(PetscViewerASCIIPrintf(v,
                                   "%siterations: %" PetscInt_FMT
                                   "\n%sforce_evaluations: %" PetscInt_FMT
                                   "   # minimisations included\n",
                                   s, p->iterations, s, p->evaluations));
  PetscCall(PetscViewerASCIIPrintf(v, "%skeep:   # the full NEB is needed, per unit set\n", s));
  for (PetscInt k = 0; k < o->nunits; k++)
    PetscCall(
        PetscViewerASCIIPrintf(v, "%s  %s: %s\n", s, o->names[k], p->keep[k] ? "true" : "false"));
  PetscCall(
      PetscViewerASCIIPrintf(v, "%sdouble_wells:   # dV, V_b, V, E, bound: eps; d: sigma\n", s));
  for (PetscInt i = 0; i < p->nrec; i++) {
    const DWCoarseRecord *r = &p->rec[i];

    PetscCall(PetscViewerASCIIPrintf(v, "%s  - {dV: %.6e, V_b: %.6e, d: %.6f, d_half: %.6f}\n", s,
                                     (double)r->dV, (double)r->V_b, (double)r->d,
                                     (double)r->d_half));
    PetscCall(PetscViewerASCIIPrintf(v, "%s    V: [", s));
    for (PetscInt j = 0; j < r->nimages; j++)
      PetscCall(PetscViewerASCIIPrintf(v, "%s%.6e", j ? ", " : "", (double)r->V[j]));
    PetscCall(PetscViewerASCIIPrintf(v, "]\n%s    splitting:\n", s));
    for (PetscInt k = 0; k < o->nunits; k++) {
      const DWCoarseSplitting *c = &r->E[k];

      PetscCall(PetscViewerASCIIPrintf(v,
                                       "%s      %s: {mt: %g, kT_Q: %.4e, E: %.4e, bound: %.3e, "
                                       "E_lo: %.4e, E_hi: %.4e, keep: %s}\n",
                                       s, o->names[k], (double)o->mt[k], (double)o->kT_Q[k],
                                       (double)c->E, (double)c->bound, (double)c->E_lo,
                                       (double)c->E_hi, c->keep ? "true" : "false"));
    }
  }
  PetscFunctionReturn(0);
}
