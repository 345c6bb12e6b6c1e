/* The names held by a registry (a PetscFunctionList of create functions;
   include/dwell/registry.h), so that every "known: ..." message, -help listing and loop over
   the methods is generated from the registry itself. PETSc 3.18 keeps a function list in
   registration order; PetscFunctionListGet returns the names in that order followed by a
   NULL entry, which its count includes. */
#include <dwell/registry.h>

PetscErrorCode DWRegistryGetNames(PetscFunctionList list, PetscInt *n, const char ***names)
{
  int count;

  PetscFunctionBegin;
  PetscCall(PetscFunctionListGet(list, names, &count));
  *n = 0;
  while (*n < count && (*names)[*n]) (*n)++;
  PetscFunctionReturn(0);
}

PetscErrorCode DWRegistryListNames(PetscFunctionList list, const char sep[], char buf[], size_t len)
{
  const char **names;
  PetscInt n;
  size_t used;

  PetscFunctionBegin;
  PetscCall(DWRegistryGetNames(list, &n, &names));
  buf[0] = 0;
  for (PetscInt k = 0; k < n; k++) {
    if (k) PetscCall(PetscStrlcat(buf, sep, len));
    PetscCall(PetscStrlcat(buf, names[k], len));
  }
  PetscCall(PetscFree(names));
  PetscCall(PetscStrlen(buf, &used));
  PetscCheck(used + 1 < len, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "the registered names do not fit in %zu characters", len);
  PetscFunctionReturn(0);
}

PetscErrorCode DWRegistryFind_Private(MPI_Comm comm, PetscFunctionList list, const char what[],
                                      const char name[], PetscVoidFunction *create)
{
  char known[256];

  PetscFunctionBegin;
  PetscCall(PetscFunctionListFind(list, name, create));
  if (*create) PetscFunctionReturn(0);
  PetscCall(DWRegistryListNames(list, ", ", known, sizeof(known)));
  SETERRQ(comm, PETSC_ERR_ARG_UNKNOWN_TYPE, "unknown %s '%s'; known: %s", what, name, known);
}
