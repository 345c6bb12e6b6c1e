/* Registries of named implementations (models, minimisers, path methods, thermostats, swap
   schemes; each a PetscFunctionList of create functions, filled by the object's Register()
   and RegisterAll()): the names they hold, for the "known: ..." errors, the -help listings
   and the loops over every method. */
#pragma once
#include <petscsys.h>

/* Length of a type name buffer (a registered name fits in it). */
#define DW_REGISTRY_NAME_LEN 32

/* Not collective. The n registered names of list in registration order; the caller frees
   the array with PetscFree (not the names, which belong to the list). */
PetscErrorCode DWRegistryGetNames(PetscFunctionList list, PetscInt *n, const char ***names);
/* Not collective. The registered names joined by sep in buf ("a, b, c" with sep ", ").
   Errors if they do not fit in len characters. */
PetscErrorCode DWRegistryListNames(PetscFunctionList list, const char sep[], char buf[],
                                   size_t len);
/* Not collective. The create function registered as name in *create; errors on comm when
   there is none: "unknown WHAT 'NAME'; known: a, b, c" (what e.g. "swap scheme"). */
#define DWRegistryFind(comm, list, what, name, create)                                             \
  DWRegistryFind_Private((comm), (list), (what), (name), (PetscVoidFunction *)(create))
PetscErrorCode DWRegistryFind_Private(MPI_Comm comm, PetscFunctionList list, const char what[],
                                      const char name[], PetscVoidFunction *create);
