/* The identity of a run from the options database (include/dwell/options.h). */
#include <dwell/options.h>

/* PETSc's run-time options, which never change a result. */
static const char *const petsc_runtime[] = {"dwell_traceback",
                                            "log",
                                            "malloc",
                                            "info",
                                            "options_",
                                            "help",
                                            "version",
                                            "on_error",
                                            "fp_trap",
                                            "history",
                                            "no_signal_handler",
                                            "check_pointer",
                                            "memory_view",
                                            "objects_dump",
                                            "viewer",
                                            "petsc",
                                            NULL};

static int CompareStrings(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static PetscBool StartsWithOneOf(const char name[], const char *const list[])
{
  for (const char *const *p = list; p && *p; p++)
    if (!strncmp(name, *p, strlen(*p))) return PETSC_TRUE;
  return PETSC_FALSE;
}

/* option: "-name [value]" */
static PetscBool Excluded(const char *option, const char *const list[])
{
  return StartsWithOneOf(option + 1, list);
}

PetscBool DWOptionsIsRuntime(const char name[])
{
  return StartsWithOneOf(name, petsc_runtime);
}

/* Splits PETSc's "-a 1 -b x -c" into NUL-terminated entries "-a 1", "-b x", "-c": an option
   starts at "-" + letter after a blank (values such as -5 start with a digit). */
static PetscErrorCode SplitOptions(char *all, PetscInt *n, char ***opt)
{
  size_t total, len;

  PetscFunctionBegin;
  PetscCall(PetscStrlen(all, &total));
  PetscCall(PetscMalloc1(total / 2 + 2, opt));
  *n = 0;
  for (char *p = all; *p; p++)
    if (*p == '-' && (p == all || p[-1] == ' ') &&
        ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z'))) {
      if (p != all) p[-1] = 0;
      (*opt)[(*n)++] = p;
    }
  for (PetscInt k = 0; k < *n; k++) {
    PetscCall(PetscStrlen((*opt)[k], &len));
    while (len && (*opt)[k][len - 1] == ' ') (*opt)[k][--len] = 0;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DWOptionsGetIdentity(const char *const exclude[], char **identity)
{
  char *all, **opt;
  size_t total;
  PetscInt n = 0;

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetAll(NULL, &all));
  PetscCall(PetscStrlen(all, &total));
  total += 2;
  PetscCall(SplitOptions(all, &n, &opt));
  qsort(opt, (size_t)n, sizeof(char *), CompareStrings);
  PetscCall(PetscCalloc1(total, identity));
  for (PetscInt k = 0; k < n; k++) {
    if (Excluded(opt[k], petsc_runtime) || Excluded(opt[k], exclude)) continue;
    if ((*identity)[0]) PetscCall(PetscStrlcat(*identity, " ", total));
    PetscCall(PetscStrlcat(*identity, opt[k], total));
  }
  PetscCall(PetscFree(opt));
  PetscCall(PetscFree(all));
  PetscFunctionReturn(0);
}

PetscErrorCode DWOptionsPrefixSet(MPI_Comm comm, char **prefix, const char p[])
{
  PetscFunctionBegin;
  PetscCheck(!p || p[0] != '-', comm, PETSC_ERR_ARG_WRONG,
             "options prefix '%s' must not begin with a dash", p);
  PetscCall(PetscFree(*prefix));
  if (p && p[0]) PetscCall(PetscStrallocpy(p, prefix));
  PetscFunctionReturn(0);
}

PetscErrorCode DWOptionsPrefixAppend(MPI_Comm comm, char **prefix, const char p[])
{
  char buf[256];

  PetscFunctionBegin;
  PetscCheck(!p || p[0] != '-', comm, PETSC_ERR_ARG_WRONG,
             "options prefix '%s' must not begin with a dash", p);
  PetscCall(PetscSNPrintf(buf, sizeof(buf), "%s%s", *prefix ? *prefix : "", p ? p : ""));
  PetscCall(DWOptionsPrefixSet(comm, prefix, buf));
  PetscFunctionReturn(0);
}
