/* Registries of named implementations (models, minimisers, path methods; each a
   PetscFunctionList of create functions): the names they hold, for the "known: ..." errors,
   the -help listings and the loops over every method. */
#pragma once
#include <petscsys.h>

/* Length of a type name buffer (a registered name fits in it). */
#define DW_REGISTRY_NAME_LEN 32

/* Not collective. The n registered names of list in registration order; the caller frees
   the array with PetscFree (not the names, which belong to the list). */
PetscErrorCode DWRegistryGetNames(PetscFunctionList list, PetscInt *n, const char ***names);
/* Not collective. The registered names as "a, b, c" in buf. Errors if they do not fit in len
   characters. */
PetscErrorCode DWRegistryListNames(PetscFunctionList list, char buf[], size_t len);
