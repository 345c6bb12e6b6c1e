/* The record of the modes stage (issue 14; src/farm/stagemodes.c): the columns of /modes/is
   and /modes/dw with units and descriptions, and one record's rows packed for a shard
   (little-endian, include/dwell/shard.h) and unpacked with checks. */
#include "farm/stagemodes.h"

/* The payload holds these columns in this order (after the two row counts and k). */
const ModesColumn DWStageModesColumns[NCOL] = {
    {"is/label", "1", "library IS label within the sample (end A of a double well)", MODES_IS,
     DW_FIELD_INT},
    {"is/omega", "1/tau",
     "frequencies of the k lowest modes, sqrt(lambda) (negative: -sqrt(|lambda|), not a minimum)",
     MODES_IS, DW_FIELD_REAL},
    {"is/lambda", "eps/sigma^2", "Hessian eigenvalues of the k lowest modes (translations removed)",
     MODES_IS, DW_FIELD_REAL},
    {"is/P", "1", "participation ratio P_k = 1/(N sum_i |e_i^k|^4), [PRR20] eq. 4", MODES_IS,
     DW_FIELD_REAL},
    {"is/O", "1", "phonon order parameter O_k against the plane waves of the box, [PRR20] eq. 3",
     MODES_IS, DW_FIELD_REAL},
    {"is/qlm", "1", "1 if quasi-localised: omega < -modes_qlm_omega and P_k < -modes_qlm_pr",
     MODES_IS, DW_FIELD_INT},
    {"dw/candidate", "1", "candidate (neb task) of the double well within the sample", MODES_DW,
     DW_FIELD_INT},
    {"dw/piece", "1", "piece of the candidate's path (the /dw row of sample, candidate, piece)",
     MODES_DW, DW_FIELD_INT},
    {"dw/is_a", "1", "library IS label of end A, whose modes are compared", MODES_DW, DW_FIELD_INT},
    {"dw/c_AB", "1", "largest overlap c of r_AB with a mode of A, [PRM21] eq. 7", MODES_DW,
     DW_FIELD_REAL},
    {"dw/c_AB_mode", "1", "the mode (0: lowest) of the largest c of r_AB", MODES_DW, DW_FIELD_INT},
    {"dw/a_AB", "1", "largest overlap a of r_AB with a mode of A, [PRM21] eq. 8", MODES_DW,
     DW_FIELD_REAL},
    {"dw/a_AB_mode", "1", "the mode (0: lowest) of the largest a of r_AB", MODES_DW, DW_FIELD_INT},
    {"dw/c_AS", "1", "largest overlap c of r_AS with a mode of A, [PRM21] eq. 7", MODES_DW,
     DW_FIELD_REAL},
    {"dw/c_AS_mode", "1", "the mode (0: lowest) of the largest c of r_AS", MODES_DW, DW_FIELD_INT},
    {"dw/a_AS", "1", "largest overlap a of r_AS with a mode of A, [PRM21] eq. 8", MODES_DW,
     DW_FIELD_REAL},
    {"dw/a_AS_mode", "1", "the mode (0: lowest) of the largest a of r_AS", MODES_DW, DW_FIELD_INT},
    {"dw/c_12", "1",
     "largest overlap c of r_12 (x_1 - x_a) with a mode of A, [PRM21] eq. 7; NaN where the neb "
     "record has no r_12 (a dwell before r_12 was kept) or the modes record has no c_12",
     MODES_DW, DW_FIELD_REAL},
    {"dw/c_12_mode", "1", "the mode (0: lowest) of the largest c of r_12; -1 where c_12 is NaN",
     MODES_DW, DW_FIELD_INT},
    {"dw/a_12", "1",
     "largest overlap a of r_12 (x_1 - x_a) with a mode of A, [PRM21] eq. 8; NaN where c_12 is",
     MODES_DW, DW_FIELD_REAL},
    {"dw/a_12_mode", "1", "the mode (0: lowest) of the largest a of r_12; -1 where a_12 is NaN",
     MODES_DW, DW_FIELD_INT},
    {"dw/nl_kappa", "eps/sigma^2",
     "M:pi pi of the cubic nonlinear mode pi of A started from r_AB ([PRM21] eq. 6; campaign key "
     "modes_nlmode); NaN: not computed",
     MODES_DW, DW_FIELD_REAL},
    {"dw/nl_U3", "eps/sigma^3", "U:pi pi pi, the third derivative of the energy along pi", MODES_DW,
     DW_FIELD_REAL},
    {"dw/nl_V3", "eps", "cubic barrier 2 kappa^3 / (3 U3^2) along pi", MODES_DW, DW_FIELD_REAL},
    {"dw/nl_P", "1", "participation ratio of pi, [PRM21] eq. 4", MODES_DW, DW_FIELD_REAL},
    {"dw/nl_iterations", "1", "iterations of [PRM21] eq. 6; -1: not computed", MODES_DW,
     DW_FIELD_INT},
    {"dw/nl_converged", "1",
     "1 if the iteration converged (|pi_n - pi_{n-1}| < -nlmode_rtol), 0 if not (the values are "
     "those of the last iterate), -1: not computed",
     MODES_DW, DW_FIELD_INT},
    {"dw/nl_reason", "1",
     "outcome: 1 converged, -1 iteration cap (-nlmode_maxit), -2 U:pi pi pi = 0 (harmonic), -3 "
     "M:pi pi <= 0 (indefinite), -4 the CG solve failed, -5 a 2-cycle of eq. 6; -1 with "
     "nl_converged -1: not computed",
     MODES_DW, DW_FIELD_INT},
    {"dw/nl_c_AB", "1", "overlap c of the nonlinear mode with r_AB, [PRM21] eq. 7", MODES_DW,
     DW_FIELD_REAL},
    {"dw/nl_a_AB", "1", "overlap a of the nonlinear mode with r_AB, [PRM21] eq. 8", MODES_DW,
     DW_FIELD_REAL},
    {"dw/nl_c_AS", "1", "overlap c of the nonlinear mode with r_AS, [PRM21] eq. 7", MODES_DW,
     DW_FIELD_REAL},
    {"dw/nl_a_AS", "1", "overlap a of the nonlinear mode with r_AS, [PRM21] eq. 8", MODES_DW,
     DW_FIELD_REAL},
    {"dw/soft_mode", "1",
     "the softest quasi-localised mode of A (0: lowest; the softest mode when none of the k is "
     "quasi-localised), the start of the nonlinear mode of [PRM21] Fig. 8; -1: not computed",
     MODES_DW, DW_FIELD_INT},
    {"dw/soft_c_AB", "1", "overlap c of that linear mode with r_AB, [PRM21] eq. 7 and Fig. 8",
     MODES_DW, DW_FIELD_REAL},
    {"dw/nl_soft_c_AB", "1",
     "overlap c with r_AB of the nonlinear mode of A started from that linear mode, [PRM21] "
     "Fig. 8",
     MODES_DW, DW_FIELD_REAL},
    {"dw/nl_soft_converged", "1",
     "1 if that nonlinear iteration converged, 0 if not (the last iterate's c), -1: not computed",
     MODES_DW, DW_FIELD_INT},
};

PetscInt ModesRowsWidth(const ModesRows *r, int j)
{
  return DWStageModesColumns[j].table == MODES_IS && j != C_LABEL ? r->k : 1;
}

PetscInt ModesRowsCount(const ModesRows *r, int j)
{
  return DWStageModesColumns[j].table == MODES_IS ? r->n_is : r->n_dw;
}

PetscErrorCode ModesRowsAlloc(ModesRows *r)
{
  PetscFunctionBegin;
  for (int j = 0; j < NCOL; j++) {
    const size_t size =
        DWStageModesColumns[j].type == DW_FIELD_REAL ? sizeof(PetscReal) : sizeof(PetscInt);
    PetscCall(
        PetscCalloc(size * (size_t)(ModesRowsCount(r, j) * ModesRowsWidth(r, j) + 1), &r->v[j]));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode ModesRowsFree(ModesRows *r)
{
  PetscFunctionBegin;
  for (int j = 0; j < NCOL; j++) PetscCall(PetscFree(r->v[j]));
  PetscFunctionReturn(0);
}

PetscErrorCode ModesRowsPack(DWPack *p, const ModesRows *r)
{
  PetscFunctionBegin;
  PetscCall(DWPackInts(p, 3, (const PetscInt[]){r->n_is, r->n_dw, r->k}));
  for (int j = 0; j < (r->nl ? NCOL : C_NL); j++) {
    const PetscInt n = ModesRowsCount(r, j) * ModesRowsWidth(r, j);
    if (DWStageModesColumns[j].type == DW_FIELD_REAL)
      PetscCall(DWPackReals(p, n, (const PetscReal *)r->v[j]));
    else
      PetscCall(DWPackInts(p, n, (const PetscInt *)r->v[j]));
  }
  PetscFunctionReturn(0);
}

/* Column j undefined in every row: NaN, or mode -1. */
static void Undefined(ModesRows *r, int j)
{
  for (PetscInt i = 0; i < ModesRowsCount(r, j) * ModesRowsWidth(r, j); i++) {
    if (DWStageModesColumns[j].type == DW_FIELD_REAL)
      ((PetscReal *)r->v[j])[i] = NAN;
    else
      ((PetscInt *)r->v[j])[i] = -1;
  }
}

/* The columns; a record that ends after NCOL_FIRST columns (a dwell before r_12) has no
   overlaps of r_12, one that ends after C_NL no nonlinear mode. */
static PetscErrorCode UnpackColumns(DWUnpack *u, ModesRows *r)
{
  PetscFunctionBegin;
  PetscCall(ModesRowsAlloc(r));
  for (int j = 0; j < NCOL; j++) {
    const PetscInt n = ModesRowsCount(r, j) * ModesRowsWidth(r, j);
    if (j == C_NL) r->nl = (PetscBool)(u->pos < u->len);
    if (j >= NCOL_FIRST && u->pos == u->len)
      Undefined(r, j);
    else if (DWStageModesColumns[j].type == DW_FIELD_REAL)
      PetscCall(DWUnpackRealsInto(u, n, (PetscReal *)r->v[j]));
    else
      PetscCall(DWUnpackIntsInto(u, n, (PetscInt *)r->v[j]));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode ModesRowsUnpack(DWUnpack *u, PetscInt k, ModesRows *r)
{
  PetscInt iv[3];
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(r, sizeof(*r)));
  PetscCall(DWUnpackIntsInto(u, 3, iv));
  PetscCheck(iv[0] >= 0 && iv[1] >= 0 && iv[2] == k && (uint64_t)iv[0] * k <= u->len &&
                 (uint64_t)iv[1] <= u->len,
             PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "modes payload: %" PetscInt_FMT " IS, %" PetscInt_FMT " double wells, %" PetscInt_FMT
             " modes (campaign: %" PetscInt_FMT ")",
             iv[0], iv[1], iv[2], k);
  r->n_is = iv[0];
  r->n_dw = iv[1];
  r->k    = iv[2];
  ierr    = UnpackColumns(u, r);
  if (ierr) PetscCall(ModesRowsFree(r));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}
