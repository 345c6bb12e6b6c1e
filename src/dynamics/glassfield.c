/* Containers of DWGlass (include/dwell/glass.h): time series thinned by two when full (a
   constant number of rows spans a run of any length, evenly), and lists of named fields,
   the neutral form in which the glass hands its state and results to the file writers of
   src/io (which alone call HDF5). */
#include "dynamics/glassimpl.h"

/* ---- time series ---- */

PetscErrorCode DWSeriesCreate(PetscInt ncols, PetscInt cap, PetscInt interval, DWSeries *s)
{
  PetscFunctionBegin;
  s->ncols    = ncols;
  s->cap      = cap;
  s->interval = interval;
  s->n        = 0;
  PetscCall(PetscCalloc1(ncols * cap, &s->data));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSeriesDestroy(DWSeries *s)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(s->data));
  s->n = s->cap = 0;
  PetscFunctionReturn(0);
}

PetscErrorCode DWSeriesAdd(DWSeries *s, const PetscReal row[])
{
  PetscFunctionBegin;
  if (s->n == s->cap) {
    for (PetscInt c = 0; c < s->ncols; c++)
      for (PetscInt r = 1; 2 * r < s->n; r++) s->data[c * s->cap + r] = s->data[c * s->cap + 2 * r];
    s->n = (s->n + 1) / 2;
    s->interval *= 2;
  }
  for (PetscInt c = 0; c < s->ncols; c++) s->data[c * s->cap + s->n] = row[c];
  s->n++;
  PetscFunctionReturn(0);
}

/* ---- field lists ---- */

static PetscErrorCode Append(DWFieldList *list, const char name[], DWField **f)
{
  PetscFunctionBegin;
  if (list->n == list->cap) {
    DWField *nf;
    list->cap = PetscMax(32, 2 * list->cap);
    PetscCall(PetscCalloc1(list->cap, &nf));
    if (list->n) PetscCall(PetscArraycpy(nf, list->f, list->n));
    PetscCall(PetscFree(list->f));
    list->f = nf;
  }
  *f = &list->f[list->n++];
  PetscCall(PetscMemzero(*f, sizeof(**f)));
  PetscCall(PetscStrncpy((*f)->name, name, sizeof((*f)->name)));
  PetscFunctionReturn(0);
}

PetscErrorCode DWFieldListAdd(DWFieldList *list, const char name[], DWFieldType type, PetscInt rows,
                              PetscInt cols, const void *data, const char units[],
                              const char description[])
{
  DWField *f = NULL;

  PetscFunctionBegin;
  PetscCheck(!list->owned, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE,
             "field list %s: cannot mix owned and referenced fields", name);
  PetscCall(Append(list, name, &f));
  f->type        = type;
  f->rank        = rows < 0 ? 0 : (cols <= 0 ? 1 : 2);
  f->dims[0]     = PetscMax(rows, 0);
  f->dims[1]     = PetscMax(cols, 0);
  f->data        = (void *)data;
  f->units       = units;
  f->description = description;
  PetscFunctionReturn(0);
}

PetscErrorCode DWFieldListAddAttribute(DWFieldList *list, const char name[], DWFieldType type,
                                       const void *data)
{
  PetscFunctionBegin;
  PetscCall(DWFieldListAdd(list, name, type, -1, 0, data, NULL, NULL));
  list->f[list->n - 1].attribute = PETSC_TRUE;
  PetscFunctionReturn(0);
}

static size_t ElementSize(DWFieldType type)
{
  switch (type) {
  case DW_FIELD_REAL:
    return sizeof(PetscReal);
  case DW_FIELD_INT:
    return sizeof(PetscInt);
  case DW_FIELD_UINT64:
    return sizeof(uint64_t);
  default:
    return 1;
  }
}

PetscErrorCode DWFieldListAddOwned(DWFieldList *list, const char name[], DWFieldType type, int rank,
                                   const PetscInt dims[2], void **data)
{
  DWField *f = NULL;
  size_t n   = 1;

  PetscFunctionBegin;
  PetscCheck(list->owned || !list->n, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE,
             "field list %s: cannot mix owned and referenced fields", name);
  list->owned = PETSC_TRUE;
  PetscCall(Append(list, name, &f));
  f->type    = type;
  f->rank    = rank;
  f->dims[0] = rank > 0 ? dims[0] : 0;
  f->dims[1] = rank > 1 ? dims[1] : 0;
  if (type == DW_FIELD_STRING)
    n = (size_t)dims[0] + 1;
  else {
    if (rank > 0) n *= (size_t)dims[0];
    if (rank > 1) n *= (size_t)dims[1];
  }
  PetscCall(PetscCalloc(PetscMax(n, 1) * ElementSize(type), &f->data));
  *data = f->data;
  PetscFunctionReturn(0);
}

PetscErrorCode DWFieldListFind(const DWFieldList *list, const char name[], const DWField **field)
{
  PetscBool match;

  PetscFunctionBegin;
  *field = NULL;
  for (PetscInt k = 0; k < list->n && !*field; k++) {
    PetscCall(PetscStrcmp(list->f[k].name, name, &match));
    if (match) *field = &list->f[k];
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWFieldListGet(const DWFieldList *list, const char name[], DWFieldType type,
                              PetscInt rows, PetscInt cols, void **data)
{
  const DWField *f;

  PetscFunctionBegin;
  PetscCall(DWFieldListFind(list, name, &f));
  PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "field %s is missing", name);
  PetscCheck(f->type == type, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "field %s has the wrong type", name);
  PetscCheck(rows < 0 || (f->dims[0] == rows && (cols <= 0 || f->dims[1] == cols)), PETSC_COMM_SELF,
             PETSC_ERR_FILE_UNEXPECTED,
             "field %s has shape %" PetscInt_FMT " x %" PetscInt_FMT ", expected %" PetscInt_FMT
             " x %" PetscInt_FMT,
             name, f->dims[0], f->dims[1], rows, cols);
  *data = f->data;
  PetscFunctionReturn(0);
}

PetscErrorCode DWFieldListDestroy(DWFieldList *list)
{
  PetscFunctionBegin;
  if (list->owned)
    for (PetscInt k = 0; k < list->n; k++) PetscCall(PetscFree(list->f[k].data));
  PetscCall(PetscFree(list->f));
  list->n = list->cap = 0;
  list->owned         = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode DWGlassAddConfigFields(DWFieldList *list, const char group[], DWSystem sys,
                                      const PetscReal v[])
{
  char name[96];
  DWParticles p;

  PetscFunctionBegin;
  PetscCall(DWSystemGetParticles(sys, &p));
  PetscCall(PetscSNPrintf(name, sizeof(name), "%s/positions", group));
  PetscCall(DWFieldListAdd(list, name, DW_FIELD_REAL, p.N, 3, p.x, "sigma",
                           "particle positions x, y, z (unwrapped)"));
  PetscCall(PetscSNPrintf(name, sizeof(name), "%s/species", group));
  PetscCall(DWFieldListAdd(list, name, DW_FIELD_INT, p.N, 0, p.species, "1",
                           "species index, 0 = A, 1 = B, 2 = C"));
  if (p.diameter) {
    PetscCall(PetscSNPrintf(name, sizeof(name), "%s/diameters", group));
    PetscCall(DWFieldListAdd(list, name, DW_FIELD_REAL, p.N, 0, p.diameter, "sigma",
                             "particle diameters s_i (pss)"));
  }
  PetscCall(PetscSNPrintf(name, sizeof(name), "%s/velocities", group));
  PetscCall(DWFieldListAdd(list, name, DW_FIELD_REAL, p.N, 3, v, "sigma/tau",
                           "particle velocities (unit masses)"));
  PetscFunctionReturn(0);
}
