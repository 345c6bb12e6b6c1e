/* The Hessian along a minimum energy path ([JCP23] sec. II.E and App. C; include/dwell/modes.h).
   The 1D reduction of a double well (the Schroedinger equation along the MEP, [JCP23] eq. 10)
   assumes that orthogonally to the path the surface is harmonic with curvatures that hardly
   change with the reaction coordinate. At every image x_j with unit tangent t_j the lowest
   eigenvalues of the Hessian restricted to the complement of t_j and of the exact zero modes
   v_a (the translations),
     P_j H(x_j) P_j,  P_j = I - t_j t_j^T - sum_a v_a v_a^T,
   measure that: a soft or negative orthogonal eigenvalue, or one that changes strongly along
   the path, means the path is not an isolated 1D valley. t_j is first orthogonalised against
   the v_a (a tangent of a particle path may carry a mean drift), then the set {v_a, t_j} is
   the deflation space of the DWModes solve, which for krylov, lobpcg (orthogonalisation of
   the search space) and dense (P H P + alpha (I - P), modesdense.c) gives exactly the spectrum
   of P H P on the complement. Also lambda_t = t^T H t, the curvature along the tangent, which
   at the saddle is the unstable one. */
#include "modes/modesimpl.h"

static PetscReal Norm(PetscInt n, const PetscReal v[])
{
  PetscReal v2 = 0;
  for (PetscInt i = 0; i < n; i++) v2 += v[i] * v[i];
  return PetscSqrtReal(v2);
}

/* The derivative at x_j of the quadratic through x_j and its two neighbours (the two nearest
   images at an end), parametrised by the distances between images: with u = x_p - x_j and
   w = x_q - x_j at parameters a and b (a = -|u|, b = |w| inside; a = |u|, b = a + |x_q - x_p|
   at an end), x'(0) is proportional to b^2 u - a^2 w. Second order for unequal spacing (the
   climbing image is not held by springs), where x_{j+1} - x_{j-1} tilts by O(spacing
   difference / spacing). Two images: the difference. */
static PetscErrorCode Derivative(DWSurface s, PetscInt M, PetscInt j, const PetscReal X[],
                                 PetscReal t[], PetscReal w[])
{
  PetscInt n, p, q;
  PetscReal a, b;

  PetscFunctionBegin;
  PetscCall(DWSurfaceGetSize(s, &n, NULL));
  if (M == 2) {
    PetscCall(DWSurfaceDifference(s, X + n, X, t));
    PetscFunctionReturn(0);
  }
  p = j == 0 ? 1 : (j == M - 1 ? M - 2 : j - 1);
  q = j == 0 ? 2 : (j == M - 1 ? M - 3 : j + 1);
  PetscCall(DWSurfaceDifference(s, X + p * n, X + j * n, t));
  PetscCall(DWSurfaceDifference(s, X + q * n, X + j * n, w));
  a = Norm(n, t);
  if (j > 0 && j < M - 1) {
    a = -a;
    b = Norm(n, w);
  } else {
    PetscReal *d = w, dq = 0;
    for (PetscInt i = 0; i < n; i++) dq += (d[i] - t[i]) * (d[i] - t[i]);
    b = a + PetscSqrtReal(dq);
  }
  for (PetscInt i = 0; i < n; i++) t[i] = b * b * t[i] - a * a * w[i];
  if (j == M - 1)
    for (PetscInt i = 0; i < n; i++) t[i] = -t[i];
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesPathTangents(DWSurface s, PetscInt M, const PetscReal images[],
                                   PetscReal tangents[])
{
  PetscInt n;
  MPI_Comm comm;
  PetscReal *w;

  PetscFunctionBegin;
  PetscCall(DWSurfaceGetComm(s, &comm));
  PetscCall(DWSurfaceGetSize(s, &n, NULL));
  PetscCheck(M >= 2, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "path Hessian: a path of %" PetscInt_FMT " images has no tangent (2 or more)", M);
  PetscCall(PetscMalloc1(n, &w));
  for (PetscInt j = 0; j < M; j++) {
    PetscReal *t = tangents + j * n, t2 = 0;
    PetscCall(Derivative(s, M, j, images, t, w));
    t2 = Norm(n, t);
    PetscCheck(t2 > 0, comm, PETSC_ERR_ARG_WRONG,
               "path Hessian: no tangent at image %" PetscInt_FMT " (coinciding images)", j);
    for (PetscInt i = 0; i < n; i++) t[i] /= t2;
  }
  PetscCall(PetscFree(w));
  PetscFunctionReturn(0);
}

/* The deflation set {v_a, t}: the surface's zero modes, then t orthogonalised against them
   (twice, for rounding) and normalised. */
static PetscErrorCode DeflationSet(MPI_Comm comm, PetscInt n, PetscInt nnull,
                                   const PetscReal null[], const PetscReal t[], PetscReal V[])
{
  PetscReal *u = V + nnull * n, u2 = 0;

  PetscFunctionBegin;
  PetscCall(PetscArraycpy(V, null, nnull * n));
  PetscCall(PetscArraycpy(u, t, n));
  for (int pass = 0; pass < 2; pass++)
    for (PetscInt a = 0; a < nnull; a++) {
      PetscReal d = 0;
      for (PetscInt i = 0; i < n; i++) d += u[i] * null[a * n + i];
      for (PetscInt i = 0; i < n; i++) u[i] -= d * null[a * n + i];
    }
  for (PetscInt i = 0; i < n; i++) u2 += u[i] * u[i];
  PetscCheck(u2 > 1e-20, comm, PETSC_ERR_ARG_WRONG,
             "path Hessian: the tangent is a zero mode of the surface (a rigid translation)");
  for (PetscInt i = 0; i < n; i++) u[i] /= PetscSqrtReal(u2);
  PetscFunctionReturn(0);
}

/* t^T H t for the unit vector t (replicated), the layout of H. */
static PetscErrorCode Curvature(Mat H, const PetscReal t[], PetscReal *c)
{
  Vec x, y;
  PetscInt lo, hi;
  PetscScalar *a, d;

  PetscFunctionBegin;
  PetscCall(MatCreateVecs(H, &x, &y));
  PetscCall(VecGetOwnershipRange(x, &lo, &hi));
  PetscCall(VecGetArray(x, &a));
  for (PetscInt i = lo; i < hi; i++) a[i - lo] = t[i];
  PetscCall(VecRestoreArray(x, &a));
  PetscCall(MatMult(H, x, y));
  PetscCall(VecDot(x, y, &d));
  *c = PetscRealPart(d);
  PetscCall(VecDestroy(&x));
  PetscCall(VecDestroy(&y));
  PetscFunctionReturn(0);
}

/* One image: the k lowest eigenvalues of P H P and t^T H t. */
static PetscErrorCode ImageEigenvalues(DWModes m, DWSurface s, const PetscReal x[],
                                       const PetscReal V[], PetscInt nnull, PetscReal lambda[],
                                       PetscReal *lt)
{
  Mat H;
  PetscInt n, k;

  PetscFunctionBegin;
  PetscCall(DWSurfaceGetSize(s, &n, NULL));
  PetscCall(DWSurfaceCreateHessian(s, x, &H));
  PetscCall(DWModesSetHessian(m, H, nnull + 1, V));
  PetscCall(DWModesSolve(m));
  PetscCall(DWModesGetNumModes(m, &k));
  for (PetscInt i = 0; i < k; i++) PetscCall(DWModesGetEigenvalue(m, i, &lambda[i]));
  PetscCall(Curvature(H, V + nnull * n, lt));
  PetscCall(MatDestroy(&H));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesPathHessian(DWModes m, DWSurface s, PetscInt M, const PetscReal images[],
                                  const PetscReal tangents[], PetscReal lambda_perp[],
                                  PetscReal lambda_t[])
{
  PetscInt n, nnull;
  const PetscReal *null;
  PetscReal *T = NULL, *V, lt = 0;
  PetscBool sinv;

  PetscFunctionBegin;
  PetscCall(PetscStrcmp(m->type, DWMODES_SINVERT, &sinv));
  PetscCheck(!sinv, m->comm, PETSC_ERR_ARG_WRONG,
             "path Hessian: -%stype sinvert does not project out the tangent exactly; use "
             "krylov, lobpcg or dense",
             m->prefix);
  PetscCall(DWSurfaceGetSize(s, &n, NULL));
  PetscCall(DWSurfaceGetNullSpace(s, &nnull, &null));
  PetscCheck(m->k <= n - nnull - 1, m->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "path Hessian: %" PetscInt_FMT " eigenvalues asked (-%sk) but only %" PetscInt_FMT
             " directions are orthogonal to the tangent and the %" PetscInt_FMT " zero modes",
             m->k, m->prefix, n - nnull - 1, nnull);
  if (!tangents) {
    PetscCall(PetscMalloc1(M * n, &T));
    PetscCall(DWModesPathTangents(s, M, images, T));
    tangents = T;
  }
  PetscCall(PetscMalloc1((nnull + 1) * n, &V));
  for (PetscInt j = 0; j < M; j++) {
    PetscCall(DeflationSet(m->comm, n, nnull, null, tangents + j * n, V));
    PetscCall(ImageEigenvalues(m, s, images + j * n, V, nnull, lambda_perp + j * m->k, &lt));
    if (lambda_t) lambda_t[j] = lt;
  }
  PetscCall(PetscFree(V));
  PetscCall(PetscFree(T));
  PetscFunctionReturn(0);
}

PetscErrorCode DWModesCreatePathHessian(MPI_Comm comm, PetscInt k, DWModes *m)
{
  PetscBool sinv;

  PetscFunctionBegin;
  PetscCall(DWModesCreate(comm, m));
  PetscCall(DWModesSetOptionsPrefix(*m, "path_hessian_"));
  PetscCall(DWModesSetType(*m, DWMODES_KRYLOV));
  PetscCall(DWModesSetNumModes(*m, k));
  PetscCall(DWModesSetFromOptions(*m));
  PetscCall(PetscStrcmp((*m)->type, DWMODES_SINVERT, &sinv));
  PetscCheck(!sinv, comm, PETSC_ERR_ARG_WRONG,
             "-path_hessian_type sinvert does not project out the path tangent exactly; use "
             "krylov, lobpcg or dense");
  PetscFunctionReturn(0);
}

PetscErrorCode DWDoubleWellPathHessian(DWModes m, DWSurface s, DWDoubleWell *dw)
{
  const PetscInt M = dw->nimages, k = m->k;

  PetscFunctionBegin;
  PetscCheck(dw->images, m->comm, PETSC_ERR_ARG_WRONG,
             "path Hessian: the double well kept no images (-neb_keep_images)");
  PetscCall(PetscFree2(dw->path_lambda_perp, dw->path_lambda_t));
  PetscCall(PetscMalloc2(M * k, &dw->path_lambda_perp, M, &dw->path_lambda_t));
  PetscCall(DWModesPathHessian(m, s, M, dw->images, NULL, dw->path_lambda_perp, dw->path_lambda_t));
  dw->path_hessian_k         = k;
  dw->path_lambda_perp_image = 0;
  dw->path_lambda_perp_min = dw->path_lambda_perp_max = dw->path_lambda_perp[0];
  for (PetscInt j = 1; j < M; j++) {
    const PetscReal l = dw->path_lambda_perp[j * k];
    if (l < dw->path_lambda_perp_min) dw->path_lambda_perp_min = l, dw->path_lambda_perp_image = j;
    dw->path_lambda_perp_max = PetscMax(dw->path_lambda_perp_max, l);
  }
  PetscFunctionReturn(0);
}
