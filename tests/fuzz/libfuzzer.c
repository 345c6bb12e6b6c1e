/* The libFuzzer entry points of one fuzz target (tests/fuzz/fuzz.h), named at compile time by
   DW_FUZZ_TARGET. PETSc (and MPI, a singleton) is initialised once per process, before the
   first input; the temporary directory goes at exit. */
#include "fuzz.h"
#include <sanitizer/lsan_interface.h>
#include <stdlib.h>

static void TearDown(void)
{
  DWFuzzTearDown();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  /* libFuzzer's own options (-max_total_time=...) are not PETSc options. What PETSc and MPI
     allocate while starting up and never free is not dwell's: no leak. */
  __lsan_disable();
  if (PetscInitializeNoArguments()) abort();
  __lsan_enable();
  if (DWFuzzSetUp()) abort();
  atexit(TearDown);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  DWFuzzRun(DW_FUZZ_TARGET, data, size, NULL, 0);
  return 0;
}
