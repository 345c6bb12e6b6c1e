/* The double-well record of an elementary path (include/dwell/dw.h; DESIGN.md section 4;
   [JCP23] eq. 16 for the per-particle participation ratio, [PRL20] for the per-component
   one). From a converged band: orientation (the deeper minimum at xi = 0), arc length s_j
   (sum of image distances, sigma), the clamped cubic spline of V(s) (pathspline.c) with the
   measured end slopes grad V . tau, V_a (the climbing image's energy, else the spline
   maximum), omega = sqrt(|V''(s)|) (unit mass, tau^-1) at both ends and at the saddle, and
   the displacement fields r_AB, r_AS, r_12 (minimum image). */
#include "landscape/nebimpl.h"

PetscErrorCode DWDoubleWellReset(DWDoubleWell *dw)
{
  PetscFunctionBegin;
  PetscCall(PetscFree2(dw->xi, dw->V));
  PetscCall(PetscFree(dw->images));
  PetscCall(PetscFree4(dw->x_TS, dw->dr_AB, dw->dr_AS, dw->dr_12));
  PetscCall(PetscFree2(dw->path_lambda_perp, dw->path_lambda_t));
  PetscCall(PetscMemzero(dw, sizeof(*dw)));
  PetscFunctionReturn(0);
}

static PetscErrorCode Allocate(DWDoubleWell *dw, PetscInt M, PetscInt n, PetscBool images)
{
  PetscFunctionBegin;
  dw->nimages = M;
  dw->n       = n;
  PetscCall(PetscMalloc2(M, &dw->xi, M, &dw->V));
  PetscCall(PetscMalloc4(n, &dw->x_TS, n, &dw->dr_AB, n, &dw->dr_AS, n, &dw->dr_12));
  dw->images = NULL;
  if (images) PetscCall(PetscMalloc1(M * n, &dw->images));
  PetscFunctionReturn(0);
}

PetscErrorCode DWDoubleWellCopy(const DWDoubleWell *src, DWDoubleWell *dst)
{
  const PetscInt M = src->nimages, n = src->n;

  PetscFunctionBegin;
  *dst = *src;
  PetscCall(Allocate(dst, M, n, (PetscBool)(src->images != NULL)));
  PetscCall(PetscArraycpy(dst->xi, src->xi, M));
  PetscCall(PetscArraycpy(dst->V, src->V, M));
  if (src->images) PetscCall(PetscArraycpy(dst->images, src->images, M * n));
  PetscCall(PetscArraycpy(dst->x_TS, src->x_TS, n));
  PetscCall(PetscArraycpy(dst->dr_AB, src->dr_AB, n));
  PetscCall(PetscArraycpy(dst->dr_AS, src->dr_AS, n));
  PetscCall(PetscArraycpy(dst->dr_12, src->dr_12, n));
  dst->path_lambda_perp = dst->path_lambda_t = NULL;
  if (src->path_lambda_perp) {
    PetscCall(
        PetscMalloc2(M * src->path_hessian_k, &dst->path_lambda_perp, M, &dst->path_lambda_t));
    PetscCall(PetscArraycpy(dst->path_lambda_perp, src->path_lambda_perp, M * src->path_hessian_k));
    PetscCall(PetscArraycpy(dst->path_lambda_t, src->path_lambda_t, M));
  }
  PetscFunctionReturn(0);
}

/* Participation ratios of the field d: per block (particle) and per component. */
static void ParticipationRatios(PetscInt n, PetscInt bs, const PetscReal d[], PetscReal *PR,
                                PetscReal *PR_c)
{
  PetscReal s2 = 0, s4 = 0, c4 = 0;

  for (PetscInt i = 0; i < n; i += bs) {
    const PetscReal d2 = DWDot(bs, d + i, d + i);
    s2 += d2;
    s4 += d2 * d2;
  }
  for (PetscInt k = 0; k < n; k++) c4 += d[k] * d[k] * d[k] * d[k];
  *PR   = s4 > 0 ? s2 * s2 / s4 : 0;
  *PR_c = c4 > 0 ? s2 * s2 / c4 : 0;
}

/* Arc lengths s (M) of the band in oriented order idx[], and the end tangents u0, u1 (n). */
static PetscErrorCode ArcLength(DWSurface s, const DWNEBBand *band, const PetscInt idx[],
                                PetscReal arc[], PetscReal u0[], PetscReal u1[])
{
  const PetscInt M = band->M, n = band->n;
  PetscReal *d;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(n, &d));
  arc[0] = 0;
  for (PetscInt j = 0; j < M - 1; j++) {
    PetscCall(DWSurfaceDifference(s, band->X + idx[j + 1] * n, band->X + idx[j] * n, d));
    const PetscReal len = PetscSqrtReal(DWDot(n, d, d));
    arc[j + 1]          = arc[j] + len;
    if (j == 0)
      for (PetscInt k = 0; k < n; k++) u0[k] = d[k] / len;
    if (j == M - 2)
      for (PetscInt k = 0; k < n; k++) u1[k] = d[k] / len;
  }
  PetscCall(PetscFree(d));
  PetscFunctionReturn(0);
}

/* V_a, the saddle's position and the curvatures, from the spline of V(s). */
static PetscErrorCode Profile(DWDoubleWell *dw, const PetscReal arc[], PetscReal slope0,
                              PetscReal slope1, PetscInt climber)
{
  const PetscInt M = dw->nimages;
  DWPathSpline sp;
  PetscReal sTS, d2;

  PetscFunctionBegin;
  PetscCall(DWPathSplineCreate(M, arc, dw->V, slope0, slope1, &sp));
  if (climber >= 0) {
    dw->image_TS = climber;
    dw->V_a      = dw->V[climber];
    sTS          = arc[climber];
  } else {
    DWPathSplineMaximum(&sp, &sTS, &dw->V_a);
    dw->image_TS = 0;
    for (PetscInt j = 1; j < M; j++)
      if (PetscAbsReal(arc[j] - sTS) < PetscAbsReal(arc[dw->image_TS] - sTS)) dw->image_TS = j;
  }
  dw->xi_TS = sTS / dw->d;
  DWPathSplineEvaluate(&sp, 0, NULL, NULL, &d2);
  dw->omega_1 = PetscSqrtReal(PetscAbsReal(d2));
  DWPathSplineEvaluate(&sp, dw->d, NULL, NULL, &d2);
  dw->omega_2 = PetscSqrtReal(PetscAbsReal(d2));
  DWPathSplineEvaluate(&sp, sTS, NULL, NULL, &d2);
  dw->omega_TS = PetscSqrtReal(PetscAbsReal(d2));
  PetscCall(DWPathSplineDestroy(&sp));
  PetscFunctionReturn(0);
}

PetscErrorCode DWDoubleWellFromBand(DWSurface s, const DWNEBBand *band, PetscInt ia, PetscInt ib,
                                    PetscBool keep_images, DWDoubleWell *dw)
{
  const PetscInt M = band->M, n = band->n;
  const PetscBool flip = (PetscBool)(band->V[M - 1] < band->V[0]);
  PetscInt *idx, climber = -1;
  PetscReal *arc, *u0, *u1;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(dw, sizeof(*dw)));
  PetscCall(Allocate(dw, M, n, keep_images));
  PetscCall(PetscMalloc4(M, &idx, M, &arc, n, &u0, n, &u1));
  for (PetscInt j = 0; j < M; j++) idx[j] = flip ? M - 1 - j : j;
  if (band->climber >= 0) climber = flip ? M - 1 - band->climber : band->climber;
  dw->bs   = band->bs;
  dw->is_a = flip ? ib : ia;
  dw->is_b = flip ? ia : ib;
  dw->E_a  = band->V[idx[0]];
  dw->E_b  = band->V[idx[M - 1]];
  PetscCall(ArcLength(s, band, idx, arc, u0, u1));
  dw->d = arc[M - 1];
  for (PetscInt j = 0; j < M; j++) {
    dw->V[j]  = band->V[idx[j]] - dw->E_a;
    dw->xi[j] = arc[j] / dw->d;
    if (keep_images) PetscCall(PetscArraycpy(dw->images + j * n, band->X + idx[j] * n, n));
  }
  dw->dV      = dw->V[M - 1];
  dw->climbed = (PetscBool)(climber >= 0);
  PetscCall(Profile(dw, arc, DWDot(n, band->G + idx[0] * n, u0),
                    DWDot(n, band->G + idx[M - 1] * n, u1), climber));
  dw->V_b = dw->V_a - dw->dV / 2;
  PetscCall(DWSurfaceDifference(s, band->X + idx[M - 1] * n, band->X + idx[0] * n, dw->dr_AB));
  PetscCall(
      DWSurfaceDifference(s, band->X + idx[dw->image_TS] * n, band->X + idx[0] * n, dw->dr_AS));
  PetscCall(DWSurfaceDifference(s, band->X + idx[1] * n, band->X + idx[0] * n, dw->dr_12));
  PetscCall(PetscArraycpy(dw->x_TS, band->X + idx[dw->image_TS] * n, n));
  dw->r_AB = PetscSqrtReal(DWDot(n, dw->dr_AB, dw->dr_AB));
  dw->r_12 = PetscSqrtReal(DWDot(n, dw->dr_12, dw->dr_12));
  ParticipationRatios(n, band->bs, dw->dr_AB, &dw->PR, &dw->PR_c);
  dw->d_sqrtPR = dw->PR > 0 ? dw->d / PetscSqrtReal(dw->PR) : 0;
  PetscCall(PetscFree4(idx, arc, u0, u1));
  PetscFunctionReturn(0);
}

/* Fills keep[lo+1 .. hi-1] (slots) with increasing image indices strictly between keep[lo]
   and keep[hi], each the one whose xi is nearest to slot/(M - 1) as far as order allows. */
static void ChooseImages(const PetscReal xi[], PetscInt M, PetscInt lo, PetscInt hi,
                         PetscInt keep[])
{
  PetscInt j = keep[lo];

  for (PetscInt q = lo + 1; q < hi; q++) {
    const PetscReal target = (PetscReal)q / (M - 1);
    const PetscInt last    = keep[hi] - (hi - q); /* leaves room for the slots after q */
    j++;
    while (j < last && PetscAbsReal(xi[j + 1] - target) <= PetscAbsReal(xi[j] - target)) j++;
    keep[q] = j;
  }
}

PetscErrorCode DWDoubleWellReduceImages(DWDoubleWell *dw, PetscInt M)
{
  const PetscInt Mf = dw->nimages, n = dw->n, ts = dw->image_TS;
  PetscInt *keep, qTS = -1;

  PetscFunctionBegin;
  PetscCheck(M >= 3 && M <= Mf, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "cannot keep %" PetscInt_FMT " of %" PetscInt_FMT " images", M, Mf);
  if (M == Mf) PetscFunctionReturn(0);
  PetscCall(PetscMalloc1(M, &keep));
  keep[0]     = 0;
  keep[M - 1] = Mf - 1;
  if (ts > 0 && ts < Mf - 1) {
    /* the saddle's slot: nearest to its xi, with room for the images on either side */
    qTS       = (PetscInt)PetscFloorReal(dw->xi_TS * (M - 1) + 0.5);
    qTS       = PetscMax(qTS, PetscMax(1, M - 1 - (Mf - 1 - ts)));
    qTS       = PetscMin(qTS, PetscMin(M - 2, ts));
    keep[qTS] = ts;
    ChooseImages(dw->xi, M, 0, qTS, keep);
    ChooseImages(dw->xi, M, qTS, M - 1, keep);
  } else
    ChooseImages(dw->xi, M, 0, M - 1, keep);
  for (PetscInt q = 0; q < M; q++) {
    dw->xi[q] = dw->xi[keep[q]];
    dw->V[q]  = dw->V[keep[q]];
    if (dw->images) PetscCall(PetscArraymove(dw->images + q * n, dw->images + keep[q] * n, n));
  }
  dw->image_TS = qTS >= 0 ? qTS : 0;
  if (qTS < 0)
    for (PetscInt q = 1; q < M; q++)
      if (PetscAbsReal(dw->xi[q] - dw->xi_TS) < PetscAbsReal(dw->xi[dw->image_TS] - dw->xi_TS))
        dw->image_TS = q;
  dw->nimages = M;
  PetscCall(PetscFree(keep));
  PetscFunctionReturn(0);
}

PetscErrorCode DWDoubleWellView(const DWDoubleWell *dw, PetscInt indent, PetscViewer viewer)
{
  char p[64];

  PetscFunctionBegin;
  PetscCheck(indent >= 0 && indent < 60, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "indent %" PetscInt_FMT " out of range", indent);
  for (PetscInt k = 0; k < indent; k++) p[k] = ' ';
  p[indent] = 0;
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "%s- is_a: %" PetscInt_FMT "   # the deeper minimum, xi = 0\n", p, dw->is_a));
  PetscCall(PetscViewerASCIIPrintf(viewer, "%s  is_b: %" PetscInt_FMT "\n", p, dw->is_b));
  PetscCall(PetscViewerASCIIPrintf(viewer, "%s  E_a: %.15g   # eps\n%s  E_b: %.15g   # eps\n", p,
                                   (double)dw->E_a, p, (double)dw->E_b));
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "%s  dV: %.10e   # eps\n%s  V_a: %.10e   # eps\n%s  V_b: %.10e   # eps, V_a - dV/2\n",
      p, (double)dw->dV, p, (double)dw->V_a, p, (double)dw->V_b));
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "%s  d: %.8e   # sigma, path length\n%s  r_AB: %.8e   # sigma, |x_b - x_a|\n", p,
      (double)dw->d, p, (double)dw->r_AB));
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "%s  PR: %.6f   # particles, [sum_i d_i^2]^2 / sum_i d_i^4 (JCP23 eq. 16)\n%s  PR_c: %.6f   "
      "# components, same over the 3N components (PRL20)\n",
      p, (double)dw->PR, p, (double)dw->PR_c));
  PetscCall(PetscViewerASCIIPrintf(viewer, "%s  d_sqrtPR: %.8e   # sigma, d / sqrt(PR)\n", p,
                                   (double)dw->d_sqrtPR));
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "%s  omega_1: %.8e   # 1/tau, sqrt|V''(s)| at xi = 0, unit mass\n%s  omega_2: %.8e   # "
      "1/tau, at xi = 1\n%s  omega_TS: %.8e   # 1/tau, at the saddle\n",
      p, (double)dw->omega_1, p, (double)dw->omega_2, p, (double)dw->omega_TS));
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "%s  xi_TS: %.8f\n%s  image_TS: %" PetscInt_FMT "\n%s  climbed: %s\n", p,
      (double)dw->xi_TS, p, dw->image_TS, p, dw->climbed ? "true" : "false"));
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "%s  converged: %s\n%s  iterations: %" PetscInt_FMT
                                   "\n%s  force_evaluations: %" PetscInt_FMT "\n",
                                   p, dw->converged ? "true" : "false", p, dw->iterations, p,
                                   dw->force_evaluations));
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "%s  f_perp: %.3e   # eps/sigma, max |F_perp|_inf\n%s  f_climb: "
                                   "%.3e   # eps/sigma, |F_climb|_inf\n",
                                   p, (double)dw->f_perp, p, (double)dw->f_climb));
  if (dw->saddle_checked) {
    PetscCall(PetscViewerASCIIPrintf(
        viewer,
        "%s  saddle: {first_order: %s, negative_eigenvalues: %" PetscInt_FMT
        ", lambda_1: %.8e, lambda_2: %.8e, grad_inf: %.3e, omega_TS_hessian: %.8e}   # "
        "eps/sigma^2, eps/sigma, 1/tau\n",
        p, dw->saddle_first_order ? "true" : "false", dw->saddle_nneg, (double)dw->saddle_lambda[0],
        (double)dw->saddle_lambda[1], (double)dw->saddle_grad, (double)dw->omega_TS_hessian));
  }
  if (dw->path_hessian_k)
    PetscCall(PetscViewerASCIIPrintf(viewer,
                                     "%s  path_hessian: {k: %" PetscInt_FMT
                                     ", lambda_perp_min: %.8e, image: %" PetscInt_FMT
                                     ", lambda_perp_max: %.8e}   # eps/sigma^2, orthogonal to "
                                     "the tangent (JCP23 App. C)\n",
                                     p, dw->path_hessian_k, (double)dw->path_lambda_perp_min,
                                     dw->path_lambda_perp_image, (double)dw->path_lambda_perp_max));
  PetscCall(PetscViewerASCIIPrintf(viewer, "%s  profile: {xi: [", p));
  for (PetscInt j = 0; j < dw->nimages; j++)
    PetscCall(PetscViewerASCIIPrintf(viewer, "%s%.8f", j ? ", " : "", (double)dw->xi[j]));
  PetscCall(PetscViewerASCIIPrintf(viewer, "], V: ["));
  for (PetscInt j = 0; j < dw->nimages; j++)
    PetscCall(PetscViewerASCIIPrintf(viewer, "%s%.10e", j ? ", " : "", (double)dw->V[j]));
  PetscCall(PetscViewerASCIIPrintf(viewer, "]}   # V in eps relative to IS a\n"));
  PetscFunctionReturn(0);
}
