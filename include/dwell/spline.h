/* Interpolating cubic splines (de Boor, "A Practical Guide to Splines", ch. IV), the one
   spline of dwell: the energy profile V(s) of a NEB path and the images' curve of the string
   method (src/landscape/pathspline.c), and the tunnelling profile V(xi) (src/quantum/).

   Through (x_k, y_k), k < n, x increasing, h_k = x_{k+1} - x_k: on [x_k, x_{k+1}], with
   A = (x_{k+1} - x) / h_k and B = 1 - A,
       y(x) = A y_k + B y_{k+1} + ((A^3 - A) m_k + (B^3 - B) m_{k+1}) h_k^2 / 6,
   where the second derivatives m_k make y' continuous at the inner knots,
       h_{k-1} m_{k-1} + 2 (h_{k-1} + h_k) m_k + h_k m_{k+1} = 6 (s_k - s_{k-1}),
   s_k = (y_{k+1} - y_k) / h_k, and two end conditions close the system:
     not-a-knot  y''' continuous at x_1 and x_{n-2} (n >= 4): nothing assumed about the ends,
                 exact for any cubic;
     clamped     given end slopes y'_0 and y'_{n-1} (n >= 2):
                 2 h_0 m_0 + h_0 m_1 = 6 (s_0 - y'_0),
                 h_{n-2} m_{n-2} + 2 h_{n-2} m_{n-1} = 6 (y'_{n-1} - s_{n-2});
     minima      zero end slopes (n >= 2), exact for a profile between two minima.
   Errors for smooth data: y O(h^4), y' O(h^3), y'' O(h^2). A DWSpline is a plain value. */
#pragma once
#include <petscsys.h>

/* The end conditions that need no data: not-a-knot, or minima (zero slopes at both ends). */
typedef enum { DW_SPLINE_NOT_A_KNOT = 0, DW_SPLINE_MINIMA = 1 } DWSplineEnds;

typedef struct {
  PetscInt n;
  PetscReal *x, *y, *m; /* knots, values, second derivatives */
} DWSpline;

/* Not collective. The spline through (x_k, y_k), k < n (x increasing; n >= 4 for
   not-a-knot, n >= 2 for minima); x and y are copied. Free with DWSplineDestroy(). */
PetscErrorCode DWSplineCreate(PetscInt n, const PetscReal x[], const PetscReal y[],
                              DWSplineEnds ends, DWSpline *s);
/* Not collective. The clamped spline with end slopes slope0 at x_0 and slope1 at x_{n-1}
   (n >= 2, x increasing). Free with DWSplineDestroy(). */
PetscErrorCode DWSplineCreateClamped(PetscInt n, const PetscReal x[], const PetscReal y[],
                                     PetscReal slope0, PetscReal slope1, DWSpline *s);
/* Not collective. Frees the arrays and sets n = 0. */
PetscErrorCode DWSplineDestroy(DWSpline *s);
/* Value and first two derivatives (outputs may be NULL) at x; beyond [x_0, x_{n-1}] the end
   cubic continues. *k is a hint for the interval, updated to the interval used: start with 0;
   efficient for increasing x; at a knot the interval it is approached from is kept. */
void DWSplineEvaluate(const DWSpline *s, PetscReal x, PetscInt *k, PetscReal *y, PetscReal *dy,
                      PetscReal *d2y);
/* Not collective. The second derivatives of the not-a-knot splines through ncol curves at once:
   Y and m are n x ncol, row-major (Y[k * ncol + j] is curve j at x_k); n >= 4. */
PetscErrorCode DWSplineCurvaturesNotAKnot(PetscInt n, const PetscReal x[], PetscInt ncol,
                                          const PetscReal Y[], PetscReal m[]);
