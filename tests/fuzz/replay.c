/* Replays inputs through a fuzz target (tests/fuzz/fuzz.h) in the normal test suite:
     fuzz_replay -target NAME -dir DIR [-dir DIR2 ...]
   runs every file of each DIR (sorted by name) and checks its outcome: a file whose name
   starts with "ok-" must be accepted, any other must be rejected with a clean error (an
   error code and a message; a crash fails the test by itself). The regression inputs under
   tests/fuzz/regressions/TARGET are what the fuzzer found (each made a reader crash or break
   an invariant before it was fixed); the seeds under tests/fuzz/seeds/TARGET are valid. */
#include "fuzz.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int CompareNames(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the entries of dir, sorted: *n of them (0 and NULL for an empty directory).
   Returns -1 when dir cannot be opened (errno says why). */
static int ListDir(const char dir[], char ***list, int *n)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  char **names = NULL;
  int cap      = 0;

  *n    = 0;
  *list = NULL;
  if (!d) return -1;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    if (*n == cap) names = realloc(names, sizeof(char *) * (size_t)(cap = cap ? 2 * cap : 64));
    names[(*n)++] = strdup(e->d_name);
  }
  closedir(d);
  if (*n) qsort(names, (size_t)*n, sizeof(char *), CompareNames);
  *list = names;
  return 0;
}

static uint8_t *ReadAll(const char path[], size_t *size)
{
  FILE *fp = fopen(path, "rb");
  uint8_t *data;
  long n;

  if (!fp || fseek(fp, 0, SEEK_END) || (n = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET)) {
    if (fp) fclose(fp);
    return NULL;
  }
  data  = malloc((size_t)n + 1);
  *size = fread(data, 1, (size_t)n, fp);
  fclose(fp);
  return data;
}

/* Replays the files of one directory; returns the number of failures. */
static int ReplayDir(const char target[], const char dir[])
{
  int n, failures = 0;
  char **names, path[PETSC_MAX_PATH_LEN * 2], msg[1024];

  if (ListDir(dir, &names, &n)) {
    /* git keeps no empty directory: a target whose fuzzer found nothing yet has none */
    if (errno == ENOENT) {
      printf("ok   %s: no such directory, nothing to replay\n", dir);
      return 0;
    }
    printf("FAIL %s: cannot read the directory: %s\n", dir, strerror(errno));
    return 1;
  }
  for (int k = 0; k < n; k++) {
    size_t size;
    uint8_t *data;
    snprintf(path, sizeof(path), "%s/%s", dir, names[k]);
    if (!(data = ReadAll(path, &size))) {
      printf("FAIL %s: cannot read\n", path);
      failures++;
      continue;
    }
    const int rejected = DWFuzzRun(target, data, size, msg, sizeof(msg));
    const int want     = strncmp(names[k], "ok-", 3) ? 1 : 0;
    const int ok       = rejected == want && (!rejected || msg[0]);
    failures += !ok;
    printf("%s %s/%s (%zu bytes): %s%s\n", ok ? "ok  " : "FAIL", target, names[k], size,
           rejected ? "rejected: " : "accepted", rejected ? (msg[0] ? msg : "(no message)") : "");
    free(data);
    free(names[k]);
  }
  free(names);
  return failures;
}

int main(int argc, char **argv)
{
  char target[64] = "";
  int failures = 0, dirs = 0;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-target", target, sizeof(target), NULL));
  PetscCall(DWFuzzSetUp());
  for (int k = 1; k + 1 < argc; k++)
    if (!strcmp(argv[k], "-dir")) {
      failures += ReplayDir(target, argv[k + 1]);
      dirs++;
    }
  if (!dirs || !target[0]) {
    printf("FAIL usage: fuzz_replay -target NAME -dir DIR [-dir DIR ...]\n");
    failures++;
  }
  DWFuzzTearDown();
  printf("%d failed\n", failures);
  PetscCall(PetscPopErrorHandler());
  PetscCall(PetscOptionsClear(NULL));
  PetscCall(PetscFinalize());
  return failures ? 1 : 0;
}
