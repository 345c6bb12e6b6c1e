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
   columns are c, its mode, a, its mode for r_AB, r_AS, then r_12 (C_OV + 4 field + 2 q). A
   record of a dwell before r_12 ends after the columns of r_AS (C_OV + 8 = NCOL_FIRST). */
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
  NCOL       = C_OV + 12
};
extern const ModesColumn DWStageModesColumns[NCOL];

/* The rows of one modes record: column j holds rows(j) x width(j) values (PetscInt or
   PetscReal by its type). */
typedef struct {
  PetscInt n_is, n_dw, k;
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
