/* The identity of a run: the options that determine its result, as one canonical string
   ("-name value" entries sorted by name, blank-separated), so that a resumed run can check it
   is the same run (a glass checkpoint, a campaign directory). */
#pragma once
#include <petscsys.h>

/* Not collective. Every option of the global database except those whose name starts with
   one of the NULL-terminated prefixes exclude[] (without the dash); *identity is allocated
   (PetscFree). PETSc's own run-time options (-log, -malloc, -info, -options_*, -help, ...)
   are always left out. */
PetscErrorCode DWOptionsGetIdentity(const char *const exclude[], char **identity);
/* Not collective. Whether the option NAME (without the dash) is one of PETSc's run-time
   options above (or -dwell_traceback), which may be left unread and never change a result. */
PetscBool DWOptionsIsRuntime(const char name[]);
/* Not collective. An object's options prefix the PETSc way (its options are read as
   -PREFIXname): *prefix (allocated, PetscFree; NULL for none) replaced by p, or p appended to
   it. A prefix must not begin with a dash (comm for the error). */
PetscErrorCode DWOptionsPrefixSet(MPI_Comm comm, char **prefix, const char p[]);
PetscErrorCode DWOptionsPrefixAppend(MPI_Comm comm, char **prefix, const char p[]);
