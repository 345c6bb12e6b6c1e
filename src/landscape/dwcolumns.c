/* The scalar fields of a double-well record (include/dwell/dw.h) as a table of named
   columns with units and descriptions: one list for every writer of DW tables (the NEB path
   file, the campaign's shard payloads and library). */
#include <dwell/dw.h>
#include <stddef.h>

/* clang-format off */
#define DW_COL(f, t, u, d) {#f, u, d, offsetof(DWDoubleWell, f), t}
/* clang-format on */
/* New columns go at the end: shards keep the columns in this order, and a record of an older
   dwell (fewer columns) is read with the missing ones 0 (src/farm/payload.c). */
static const DWDoubleWellColumn columns[] = {
    DW_COL(is_a, 'i', "1", "id of IS a in /is: the deeper minimum, xi = 0"),
    DW_COL(is_b, 'i', "1", "id of IS b in /is, xi = 1"),
    DW_COL(E_a, 'r', "eps", "total potential energy of IS a"),
    DW_COL(E_b, 'r', "eps", "total potential energy of IS b"),
    DW_COL(dV, 'r', "eps", "asymmetry V(1) - V(0) >= 0"),
    DW_COL(V_a, 'r', "eps",
           "activation energy max V - V(0) (climbing image energy when it climbed)"),
    DW_COL(V_b, 'r', "eps", "barrier V_a - dV/2"),
    DW_COL(d, 'r', "sigma", "path length, sum of the image distances"),
    DW_COL(r_AB, 'r', "sigma", "direct distance |x_b - x_a| (minimum image)"),
    DW_COL(PR, 'r', "1",
           "participation ratio per particle [sum_i |r_i|^2]^2 / sum_i |r_i|^4 of r_AB (JCP23 eq. "
           "16), in [1, N]"),
    DW_COL(PR_c, 'r', "1",
           "participation ratio per Cartesian component of r_AB (PRL20), in [1, 3N]"),
    DW_COL(d_sqrtPR, 'r', "sigma", "d / sqrt(PR)"),
    DW_COL(omega_1, 'r', "1/tau", "sqrt|V''(s)| at xi = 0 (s the path length, unit mass)"),
    DW_COL(omega_2, 'r', "1/tau", "sqrt|V''(s)| at xi = 1"),
    DW_COL(omega_TS, 'r', "1/tau", "sqrt|V''(s)| at the saddle"),
    DW_COL(xi_TS, 'r', "1", "reaction coordinate of the saddle"),
    DW_COL(image_TS, 'i', "1", "index of the saddle image (xi = 0 first)"),
    DW_COL(climbed, 'b', "1", "1 if the climbing image sits on the saddle"),
    DW_COL(converged, 'b', "1", "1 if |F_perp|_inf and |F_climb|_inf reached the tolerance"),
    DW_COL(iterations, 'i', "1", "FIRE iterations of the band"),
    DW_COL(force_evaluations, 'i', "1", "energy/force evaluations of the band's moving images"),
    DW_COL(f_perp, 'r', "eps/sigma", "final max over images of |F_perp|_inf"),
    DW_COL(f_climb, 'r', "eps/sigma", "final |F_climb|_inf"),
    DW_COL(saddle_checked, 'b', "1", "1 if the Hessian at the saddle image was checked"),
    DW_COL(saddle_first_order, 'b', "1",
           "1 if exactly one negative Hessian eigenvalue and |grad V|_inf below tolerance"),
    DW_COL(saddle_nneg, 'i', "1", "negative eigenvalues among the two lowest (2: at least two)"),
    {"saddle_lambda_1", "eps/sigma^2",
     "lowest Hessian eigenvalue at the saddle (translations deflated)",
     offsetof(DWDoubleWell, saddle_lambda), 'r'},
    {"saddle_lambda_2", "eps/sigma^2", "second lowest Hessian eigenvalue at the saddle",
     offsetof(DWDoubleWell, saddle_lambda) + sizeof(PetscReal), 'r'},
    DW_COL(saddle_grad, 'r', "eps/sigma", "|grad V|_inf at the saddle image"),
    DW_COL(omega_TS_hessian, 'r', "1/tau", "sqrt(|lambda_1|) of the saddle's Hessian"),
    DW_COL(path_hessian_k, 'i', "1",
           "Hessian eigenvalues orthogonal to the path tangent computed per image (0: none; "
           "JCP23 App. C)"),
    DW_COL(path_lambda_perp_min, 'r', "eps/sigma^2",
           "smallest Hessian eigenvalue orthogonal to the path tangent over the images"),
    DW_COL(path_lambda_perp_image, 'i', "1", "image of path_lambda_perp_min (xi = 0 first)"),
    DW_COL(path_lambda_perp_max, 'r', "eps/sigma^2",
           "largest over the images of the lowest orthogonal Hessian eigenvalue"),
    DW_COL(r_12, 'r', "sigma",
           "|x_1 - x_a| (minimum image): the first step of the path out of IS a; NaN in a record "
           "of a dwell that did not keep r_12"),
};

PetscErrorCode DWDoubleWellGetColumns(PetscInt *n, const DWDoubleWellColumn **cols)
{
  PetscFunctionBegin;
  *n    = (PetscInt)(sizeof(columns) / sizeof(columns[0]));
  *cols = columns;
  PetscFunctionReturn(0);
}

PetscReal DWDoubleWellColumnValue(const DWDoubleWell *dw, const DWDoubleWellColumn *col)
{
  const char *p = (const char *)dw + col->offset;

  if (col->type == 'r') return *(const PetscReal *)p;
  if (col->type == 'i') return (PetscReal) * (const PetscInt *)p;
  return (PetscReal) * (const PetscBool *)p;
}

void DWDoubleWellColumnSet(DWDoubleWell *dw, const DWDoubleWellColumn *col, PetscReal v)
{
  char *p = (char *)dw + col->offset;

  if (col->type == 'r')
    *(PetscReal *)p = v;
  else if (col->type == 'i')
    *(PetscInt *)p = (PetscInt)v;
  else
    *(PetscBool *)p = (PetscBool)(v != 0);
}
