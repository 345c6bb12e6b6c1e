/* The Hessian along a minimum energy path, orthogonal to the tangent ([JCP23] App. C;
   DWModesPathHessian, DWDoubleWellPathHessian), on an analytic surface whose MEP and
   orthogonal curvatures are known exactly. In n = 3 + 17 dimensions, with (r, theta, z) the
   cylindrical coordinates of (x_0, x_1, x_2) and w_i = x_{3+i}:
     V = W(theta) + k1(theta)/2 (r - R)^2 + k2/2 z^2 + sum_i c_i/2 w_i^2,
     W = h (sin^2 theta - s0^2)^2,  k1 = 30 + 20 sin theta,  k2 = 35,  c_i = 60 + 5 i,
   R = 1, h = 5, s0 = 0.6. On the circle r = R, z = w = 0 the gradient is W'(theta)/R theta^,
   along the circle, so the arc from the minimum theta = -asin(s0) through the saddle theta = 0
   to the minimum theta = asin(s0) is the MEP exactly. There, with the tangent t = theta^, the
   Hessian on the complement of t is diagonal in (r^, z^, w_i) with eigenvalues k1(theta),
   k2, c_i (d^2V/dr dz = d^2V/dr dw = 0 at z = w = 0), so the lowest three orthogonal
   eigenvalues are sorted(k1(theta), 35, 60): k1 crosses k2 at sin theta = 1/4 (the sorting
   is tested). Along t, t^T H t = W''(theta)/R^2 (the theta^ component of the Hessian of
   theta vanishes on the circle), negative at the saddle: -4 h s0^2 = -7.2.
   1. The analytic Hessian (the surface's Hessian callback) equals central differences of the
      analytic gradient to 1e-6 (h = 1e-5: error O(h^2 V''') ~ 1e-8, rounding ~ 1e-10).
   2. Exact points and tangents, M = 21 points from minimum to minimum: lambda_perp equals
      sorted(k1, k2, c_0) to 1e-9 relative for -path_type dense and krylov (both converge to
      ~1e-12), and lambda_t = W''(theta) to 1e-9 relative.
   3. A CI-NEB band of 21 images between the two minima (ftol 1e-9), its tangents from
      DWModesPathTangents, through DWDoubleWellPathHessian. A band is not the MEP: with the
      upwind tangent, an image sits where the gradient is parallel to a chord, off the arc by
      dr ~ |W'| (spacing / 2) / k1 (measured: 2e-3 sigma), and the tangent through the images
      tilts from theta^ by tau (measured: up to 2e-2 rad). On a curved path the Hessian couples
      the tangent and the normal (r^T H theta^ = -W'(theta)/R^2 on the circle), so the
      projected eigenvalue moves to first order in the tilt: |d lambda / d tau| = 2 |W'|/R^2,
      plus |lambda_t - lambda_perp| tau^2 (< 50 tau^2 here) and the change of H off the arc
      (< 50 dr: third derivatives of V). Each image's error, against the exact values at its
      own theta, must lie within 2 |W'| tau + 50 tau^2 + 50 dr (from the measured tau, dr;
      measured ratio 0.74); path_lambda_perp_min equals the smallest exact value over the images
      (18 at the end theta = -asin s0, where W' = 0 and the images are exact) to 1e-3 with its
      image, and path_lambda_perp_max = 35 (k1 > k2 on part of the path) to 1e-6. The
      orthogonal eigenvalue of a NEB path is therefore only as good as the band's tangent
      where the path is curved and the gradient is large. */
#include "testutil.h"
#include <dwell/modes.h>
#include <dwell/neb.h>
#include <math.h>

#define NX   17
#define NDIM (3 + NX)
static const PetscReal R = 1, h = 5, s0 = 0.6, K2 = 35;

static PetscReal K1(PetscReal th)
{
  return 30 + 20 * PetscSinReal(th);
}
static PetscReal Wpp(PetscReal th)
{
  const PetscReal s = PetscSinReal(th), c = PetscCosReal(th);
  return 4 * h * (2 * s * s * c * c + (s * s - s0 * s0) * (c * c - s * s));
}
static PetscReal CX(PetscInt i)
{
  return 60 + 5 * i;
}

/* F(r, theta, z) and its first and second derivatives, q = (r, theta, z). */
static void Cylindrical(PetscReal r, PetscReal th, PetscReal z, PetscReal *F, PetscReal dF[3],
                        PetscReal d2F[3][3])
{
  const PetscReal s = PetscSinReal(th), c = PetscCosReal(th), u = r - R, k1 = K1(th);
  const PetscReal W  = h * (s * s - s0 * s0) * (s * s - s0 * s0),
                  Wp = 4 * h * (s * s - s0 * s0) * s * c;
  *F                 = W + 0.5 * k1 * u * u + 0.5 * K2 * z * z;
  dF[0]              = k1 * u;
  dF[1]              = Wp + 0.5 * 20 * c * u * u;
  dF[2]              = K2 * z;
  d2F[0][0]          = k1;
  d2F[0][1] = d2F[1][0] = 20 * c * u;
  d2F[1][1]             = Wpp(th) - 0.5 * 20 * s * u * u;
  d2F[0][2] = d2F[2][0] = d2F[1][2] = d2F[2][1] = 0;
  d2F[2][2]                                     = K2;
}

/* V, gradient and (if H != NULL) the Hessian (NDIM x NDIM, row-major) by the chain rule. */
static void Valley(const PetscReal x[], PetscReal *V, PetscReal g[], PetscReal *H)
{
  const PetscReal r = PetscSqrtReal(x[0] * x[0] + x[1] * x[1]), th = PetscAtan2Real(x[1], x[0]);
  const PetscReal cx = x[0] / r, sy = x[1] / r;
  /* J[q][a] = dq/dx_a; D2[q] the Hessians of r and theta in (x_0, x_1) */
  const PetscReal J[3][3]   = {{cx, sy, 0}, {-sy / r, cx / r, 0}, {0, 0, 1}};
  const PetscReal D2r[2][2] = {{sy * sy / r, -cx * sy / r}, {-cx * sy / r, cx * cx / r}};
  const PetscReal D2t[2][2] = {{2 * cx * sy / (r * r), (sy * sy - cx * cx) / (r * r)},
                               {(sy * sy - cx * cx) / (r * r), -2 * cx * sy / (r * r)}};
  PetscReal F, dF[3], d2F[3][3];

  Cylindrical(r, th, x[2], &F, dF, d2F);
  *V = F;
  for (PetscInt a = 0; a < 3; a++) {
    g[a] = 0;
    for (PetscInt q = 0; q < 3; q++) g[a] += dF[q] * J[q][a];
  }
  for (PetscInt i = 0; i < NX; i++) {
    *V += 0.5 * CX(i) * x[3 + i] * x[3 + i];
    g[3 + i] = CX(i) * x[3 + i];
  }
  if (!H) return;
  for (PetscInt k = 0; k < NDIM * NDIM; k++) H[k] = 0;
  for (PetscInt a = 0; a < 3; a++)
    for (PetscInt b = 0; b < 3; b++) {
      PetscReal v = 0;
      for (PetscInt p = 0; p < 3; p++)
        for (PetscInt q = 0; q < 3; q++) v += J[p][a] * d2F[p][q] * J[q][b];
      if (a < 2 && b < 2) v += dF[0] * D2r[a][b] + dF[1] * D2t[a][b];
      H[a * NDIM + b] = v;
    }
  for (PetscInt i = 0; i < NX; i++) H[(3 + i) * NDIM + 3 + i] = CX(i);
}

static PetscErrorCode ValleyEnergy(void *ctx, PetscInt slot, const PetscReal x[], PetscReal *V,
                                   PetscReal g[])
{
  PetscReal gg[NDIM];
  Valley(x, V, g ? g : gg, NULL);
  return 0;
}

static PetscErrorCode ValleyHessian(void *ctx, const PetscReal x[], Mat *H)
{
  PetscReal V, g[NDIM], h2[NDIM * NDIM];
  PetscScalar *a;

  PetscFunctionBegin;
  Valley(x, &V, g, h2);
  PetscCall(MatCreateSeqDense(PETSC_COMM_SELF, NDIM, NDIM, NULL, H));
  PetscCall(MatDenseGetArray(*H, &a));
  for (PetscInt k = 0; k < NDIM * NDIM; k++) a[k] = h2[k]; /* symmetric */
  PetscCall(MatDenseRestoreArray(*H, &a));
  PetscCall(MatAssemblyBegin(*H, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(*H, MAT_FINAL_ASSEMBLY));
  PetscFunctionReturn(0);
}

static void Point(PetscReal th, PetscReal x[], PetscReal t[])
{
  for (PetscInt i = 0; i < NDIM; i++) x[i] = t[i] = 0;
  x[0] = R * PetscCosReal(th), x[1] = R * PetscSinReal(th);
  t[0] = -PetscSinReal(th), t[1] = PetscCosReal(th);
}

/* The exact lowest three orthogonal eigenvalues at theta: k1 is in [18, 42], below c_0 = 60. */
static void Exact(PetscReal th, PetscReal e[3])
{
  const PetscReal k1 = K1(th);
  e[0] = PetscMin(k1, K2), e[1] = PetscMax(k1, K2), e[2] = CX(0);
}

static PetscErrorCode CheckHessianFD(MPI_Comm comm)
{
  PetscReal x[NDIM], t[NDIM], H[NDIM * NDIM], V, gp[NDIM], gm[NDIM], g[NDIM], err = 0;

  PetscFunctionBegin;
  Point(0.3, x, t);
  x[0] += 0.02, x[1] -= 0.03, x[2] = 0.05, x[4] = 0.01;
  Valley(x, &V, g, H);
  for (PetscInt j = 0; j < NDIM; j++) {
    const PetscReal dx = 1e-5, xj = x[j];
    x[j] = xj + dx;
    Valley(x, &V, gp, NULL);
    x[j] = xj - dx;
    Valley(x, &V, gm, NULL);
    x[j] = xj;
    for (PetscInt k = 0; k < NDIM; k++)
      err = PetscMax(err, PetscAbsReal(H[j * NDIM + k] - (gp[k] - gm[k]) / (2 * dx)));
  }
  DWTestLE(comm, "analytic Hessian vs central differences of the gradient", err, 1e-6);
  PetscFunctionReturn(0);
}

static PetscErrorCode CreateModes(MPI_Comm comm, DWModesType type, DWModes *m)
{
  PetscFunctionBegin;
  PetscCall(DWModesCreate(comm, m));
  PetscCall(DWModesSetOptionsPrefix(*m, "path_"));
  PetscCall(DWModesSetType(*m, type));
  PetscCall(DWModesSetNumModes(*m, 3));
  PetscCall(DWModesSetFromOptions(*m));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckExactPath(MPI_Comm comm, DWSurface s, DWModesType type)
{
  const PetscInt M    = 21;
  const PetscReal th0 = PetscAsinReal(s0);
  PetscReal X[21 * NDIM], T[21 * NDIM], lp[21 * 3], lt[21], eperp = 0, et = 0;
  DWModes m;
  char what[128];

  PetscFunctionBegin;
  for (PetscInt j = 0; j < M; j++) Point(-th0 + 2 * th0 * j / (M - 1), X + j * NDIM, T + j * NDIM);
  PetscCall(CreateModes(comm, type, &m));
  PetscCall(DWModesPathHessian(m, s, M, X, T, lp, lt));
  for (PetscInt j = 0; j < M; j++) {
    const PetscReal th = -th0 + 2 * th0 * j / (M - 1);
    PetscReal e[3];
    Exact(th, e);
    for (PetscInt i = 0; i < 3; i++)
      eperp = PetscMax(eperp, PetscAbsReal(lp[3 * j + i] / e[i] - 1));
    et = PetscMax(et, PetscAbsReal(lt[j] - Wpp(th)) / PetscAbsReal(4 * h * s0 * s0));
  }
  PetscCall(
      PetscSNPrintf(what, sizeof(what), "%s, exact MEP: lambda_perp vs sorted(k1, k2, c_0)", type));
  DWTestLE(comm, what, eperp, 1e-9);
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s, exact MEP: t^T H t vs W''(theta)", type));
  DWTestLE(comm, what, et, 1e-9);
  DWTestTrue(comm, "t^T H t < 0 at the saddle (image 10)", lt[10] < 0);
  PetscCall(DWModesDestroy(&m));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckNEBPath(MPI_Comm comm, DWSurface s)
{
  const PetscReal th0 = PetscAsinReal(s0);
  PetscReal a[NDIM], b[NDIM], t[NDIM], err = 0, tilt = 0, *T;
  DWNEB neb;
  DWNEBResult res;
  DWDoubleWell *rec;
  DWModes m;
  PetscInt nrec, M, n = NDIM, jmin = -1;
  PetscReal emin = PETSC_MAX_REAL, worst = 0, drmax = 0;

  PetscFunctionBegin;
  Point(-th0, a, t);
  Point(th0, b, t);
  PetscCall(DWNEBCreate(comm, &neb));
  PetscCall(DWNEBSetImages(neb, 21));
  PetscCall(DWNEBSetTolerances(neb, 1e-9, 1e-3, 200000));
  PetscCall(DWNEBSetSurface(neb, s));
  PetscCall(DWNEBSolve(neb, a, b, &res));
  PetscCall(DWNEBGetRecords(neb, &nrec, &rec));
  DWTestTrue(comm, "NEB: one converged double well with its images",
             res.reason == DW_NEB_CONVERGED && nrec == 1 && rec[0].images);
  PetscCall(CreateModes(comm, DWMODES_DENSE, &m));
  PetscCall(DWDoubleWellPathHessian(m, s, &rec[0]));
  M = rec[0].nimages;
  PetscCall(PetscMalloc1(M * n, &T));
  PetscCall(DWModesPathTangents(s, M, rec[0].images, T));
  for (PetscInt j = 0; j < M; j++) {
    const PetscReal *x = rec[0].images + j * n, th = PetscAtan2Real(x[1], x[0]);
    const PetscReal sn = PetscSinReal(th), cs = PetscCosReal(th);
    const PetscReal dr = PetscAbsReal(PetscSqrtReal(x[0] * x[0] + x[1] * x[1]) - R);
    const PetscReal Wp = 4 * h * (sn * sn - s0 * s0) * sn * cs;
    PetscReal e[3], ex[NDIM], et[NDIM], d = 0, tau, bound;
    Exact(th, e);
    if (e[0] < emin) emin = e[0], jmin = j;
    Point(th, ex, et);
    for (PetscInt i = 0; i < n; i++) d += T[j * n + i] * et[i];
    tau   = PetscAcosReal(PetscMin(1, PetscAbsReal(d)));
    tilt  = PetscMax(tilt, tau);
    bound = 2 * PetscAbsReal(Wp) * tau + 50 * tau * tau + 50 * dr + 1e-9;
    for (PetscInt i = 0; i < 3; i++) {
      const PetscReal ei = PetscAbsReal(rec[0].path_lambda_perp[3 * j + i] - e[i]);
      err                = PetscMax(err, ei / e[i]);
      worst              = PetscMax(worst, ei / bound);
    }
    drmax = PetscMax(drmax, dr);
  }
  PetscCall(PetscPrintf(comm,
                        "NEB band: largest distance from the MEP %.3e sigma, tangent tilt %.3e "
                        "rad, relative error of lambda_perp %.3e\n",
                        (double)drmax, (double)tilt, (double)err));
  DWTestLE(comm, "NEB band: |lambda_perp - exact| / (2|W'| tau + 50 tau^2 + 50 dr)", worst, 1);
  DWTestLE(comm, "path_lambda_perp_min vs min over images of exact (relative)",
           PetscAbsReal(rec[0].path_lambda_perp_min / emin - 1), 1e-3);
  DWTestTrue(comm, "path_lambda_perp_image = its image, path_hessian_k = 3",
             rec[0].path_lambda_perp_image == jmin && rec[0].path_hessian_k == 3);
  DWTestLE(comm, "path_lambda_perp_max = k2 = 35",
           PetscAbsReal(rec[0].path_lambda_perp_max / K2 - 1), 1e-6);
  PetscCall(PetscFree(T));
  PetscCall(DWModesDestroy(&m));
  PetscCall(DWNEBDestroy(&neb));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MPI_Comm comm;
  DWSurface s;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(DWSurfaceCreate(comm, NDIM, &s));
  PetscCall(DWSurfaceSetEnergy(s, ValleyEnergy, NULL));
  PetscCall(DWSurfaceSetHessian(s, ValleyHessian));
  PetscCall(CheckHessianFD(comm));
  PetscCall(CheckExactPath(comm, s, DWMODES_DENSE));
  PetscCall(CheckExactPath(comm, s, DWMODES_KRYLOV));
  PetscCall(CheckNEBPath(comm, s));
  PetscCall(DWSurfaceDestroy(&s));
  int rc = DWTestFinish(comm);
  PetscCall(PetscFinalize());
  return rc;
}
