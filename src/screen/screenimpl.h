/* Private layout of DWScreen (include/dwell/screen.h), shared by the object (screen.c), its
   training and prediction (screentrain.c) and its byte buffer (screenio.c). */
#pragma once
#include <dwell/screen.h>
#include <xgboost/c_api.h>

/* Tree method names of XGBoost that keep a single-threaded training deterministic. */
#define DW_SCREEN_TREE_METHOD_LEN 16

struct _p_DWScreen {
  MPI_Comm comm;
  char *prefix;
  PetscInt nf; /* features per row */
  /* hyperparameters (XGBoost's names), shared by both boosters */
  PetscInt rounds, max_depth;
  PetscReal eta, min_child_weight, lambda, subsample, colsample_bytree, scale_pos_weight;
  char tree_method[DW_SCREEN_TREE_METHOD_LEN];
  PetscReal d_thr; /* sigma, the n_displaced feature's threshold */
  /* seed */
  uint64_t seed;
  PetscInt generation;
  /* the model: NULL until trained or loaded */
  BoosterHandle cls, reg;
  PetscInt n_cls, n_reg; /* rows each was trained on */
};

/* Logging events of the training and the prediction (DWScreenLogRegister). */
extern PetscLogEvent DW_SCREEN_TRAIN, DW_SCREEN_PREDICT;

/* Checks an XGBoost call: on failure an error on comm with the first line of XGBoost's
   message (without its time stamp and source location), prefixed by what was being done. */
#define DWXGBCall(comm, what, call)                                                                \
  do {                                                                                             \
    if ((call) != 0) PetscCall(DWScreenXGBError((comm), (what)));                                  \
  } while (0)
PetscErrorCode DWScreenXGBError(MPI_Comm comm, const char what[]);
/* The first line of XGBoost's last error message, without time stamp and source location. */
void DWScreenXGBLastError(char line[], size_t len);
/* Frees both boosters (the model is gone). */
PetscErrorCode DWScreenClearModel(DWScreen screen);
