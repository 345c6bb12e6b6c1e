/* The record of the modes stage (src/farm/stagemodes.c): its columns, the rows of one
   record, and their pack and unpack (stagemodesrows.c), shared by the task and the collect
   (stagemodescollect.c). Not collective. */
#pragma once
#include "farm/stage.h"

typedef enum {
  MODES_IS, /* a row per IS, k values */
  MODES_DW  /* a row per double well, one value */
} ModesTable;

typedef struct {
  const char *name, *units, *description;
  ModesTable table;
  DWFieldType type;
} ModesColumn;

/* The columns, in payload order: the IS table, then the double-well table, whose overlap
   columns are c, its mode, a, its mode for r_AB, r_AS, then r_12 (C_OV + 4 field + 2 q), then
   the nonlinear mode from r_AB (C_NL.., campaign key modes_nlmode). A record of a dwell
   before r_12 ends after the columns of r_AS (C_OV + 8 = NCOL_FIRST); one without the
   nonlinear mode (the key off, or a dwell before it) after those of r_12 (C_NL); the columns of
   the nonlinear mode from the softest QLM (C_SOFT..) come with the nonlinear mode. */
enum {
  C_LABEL,
  C_OMEGA,
  C_LAMBDA,
  C_P,
  C_O,
  C_QLM,
  C_CAND,
  C_PIECE,
  C_ISA,
  C_OV,
  NCOL_FIRST = C_OV + 8,
  C_NL       = C_OV + 12, /* nl_kappa, nl_U3, nl_V3, nl_P, nl_iterations, nl_converged,
                             nl_reason, nl_c_AB, nl_a_AB, nl_c_AS, nl_a_AS */
  C_SOFT = C_NL + 11,     /* soft_mode, soft_c_AB, nl_soft_c_AB, nl_soft_converged ([PRM21]
                             Fig. 8; a record of a dwell before them ends at C_SOFT) */
  NCOL = C_SOFT + 4
};
extern const ModesColumn DWStageModesColumns[NCOL];

/* The rows of one modes record: column j holds rows(j) x width(j) values (PetscInt or
   PetscReal by its type). */
typedef struct {
  PetscInt n_is, n_dw, k;
  PetscBool nl; /* the nonlinear-mode columns are packed (else they stop at C_NL) */
  void *v[NCOL];
} ModesRows;

PetscInt ModesRowsWidth(const ModesRows *r, int j);
PetscInt ModesRowsCount(const ModesRows *r, int j);
PetscErrorCode ModesRowsAlloc(ModesRows *r);
PetscErrorCode ModesRowsFree(ModesRows *r);
PetscErrorCode ModesRowsPack(DWPack *p, const ModesRows *r);
/* A record of k modes (the campaign's), or an error (nothing allocated then). */
PetscErrorCode ModesRowsUnpack(DWUnpack *u, PetscInt k, ModesRows *r);

extern const DWStageCollectOps DWStageModesCollectOps; /* stagemodescollect.c */
