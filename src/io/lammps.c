/* LAMMPS data files (read_data / write_data), see include/dwell/io.h. Supported: the
   header counts "atoms" and "atom types", the box lines "xlo xhi" etc. (cubic), the
   sections Masses (ignored: all masses are 1 in reduced units) and Atoms in atom_style
   atomic (id type x y z [ix iy iz]) or sphere (id type diameter density x y z [ix iy iz]).
   Image flags, when present, unwrap the positions. Every rank parses the file. */
#include "io/ioimpl.h"
#include <ctype.h>

#define LINE_LEN 4096

typedef struct {
  long natoms, ntypes;
  double lo[3], hi[3];
  int nbox;
  PetscBool sphere;
  char model[DW_MODEL_NAME_LEN];
} DataHeader;

static PetscBool Blank(const char *s)
{
  for (; *s; s++)
    if (!isspace((unsigned char)*s)) return PETSC_FALSE;
  return PETSC_TRUE;
}

/* Reads the header up to the Atoms keyword; returns with the file positioned after it. */
static PetscErrorCode ReadHeader(MPI_Comm comm, const char path[], FILE *fp, DataHeader *h,
                                 PetscInt *lineno)
{
  char line[LINE_LEN];
  double a, b;
  long n;
  char w1[64], w2[64];

  PetscFunctionBegin;
  PetscCall(PetscMemzero(h, sizeof(*h)));
  PetscCheck(fgets(line, sizeof(line), fp), comm, PETSC_ERR_FILE_UNEXPECTED, "%s: empty file",
             path);
  *lineno       = 1;
  const char *m = strstr(line, "model ");
  if (m) sscanf(m + 6, "%31[^ ,()\r\n]", h->model);
  if (!strcmp(h->model, "unknown")) h->model[0] = 0;
  while (fgets(line, sizeof(line), fp)) {
    (*lineno)++;
    char *hash = strchr(line, '#');
    if (!strncmp(line, "Atoms", 5)) {
      h->sphere = (PetscBool)(hash && strstr(hash, "sphere"));
      PetscCheck(!hash || h->sphere || strstr(hash, "atomic"), comm, PETSC_ERR_FILE_UNEXPECTED,
                 "%s: line %" PetscInt_FMT ": unsupported atom style '%s' (atomic or sphere)", path,
                 *lineno, strtok(hash + 1, " \r\n"));
      PetscCheck(h->natoms > 0, comm, PETSC_ERR_FILE_UNEXPECTED,
                 "%s: Atoms section before a positive 'atoms' count", path);
      PetscCheck(h->nbox == 3, comm, PETSC_ERR_FILE_UNEXPECTED,
                 "%s: the header must give xlo xhi, ylo yhi and zlo zhi", path);
      PetscFunctionReturn(0);
    }
    if (hash) *hash = 0;
    if (Blank(line)) continue;
    if (sscanf(line, "%ld %63s %63s", &n, w1, w2) >= 2 && !strcmp(w1, "atoms"))
      h->natoms = n;
    else if (sscanf(line, "%ld %63s %63s", &n, w1, w2) == 3 && !strcmp(w1, "atom") &&
             !strcmp(w2, "types"))
      h->ntypes = n;
    else if (sscanf(line, "%lf %lf %63s %63s", &a, &b, w1, w2) == 4 && w1[1] == 'l' &&
             w1[2] == 'o' && w1[0] >= 'x' && w1[0] <= 'z') {
      h->lo[w1[0] - 'x'] = a;
      h->hi[w1[0] - 'x'] = b;
      h->nbox++;
    } else if (!strncmp(line, "Masses", 6)) {
      for (long t = 0; t < h->ntypes + 1 && fgets(line, sizeof(line), fp); t++)
        (*lineno)++; /* blank line + one per type */
    } else if (sscanf(line, "%lf %lf %lf %63s", &a, &b, &a, w1) == 4 && !strcmp(w1, "xy")) {
      SETERRQ(comm, PETSC_ERR_FILE_UNEXPECTED,
              "%s: line %" PetscInt_FMT ": triclinic boxes are not supported", path, *lineno);
    }
  }
  SETERRQ(comm, PETSC_ERR_FILE_UNEXPECTED, "%s: truncated: no Atoms section", path);
}

static PetscErrorCode ReadAtoms(MPI_Comm comm, const char path[], FILE *fp, const DataHeader *h,
                                PetscInt lineno, DWSystem sys)
{
  char line[LINE_LEN];
  PetscBool *seen;
  PetscInt maxtype = 0;
  const int base   = h->sphere ? 7 : 5;
  DWConfigView s;

  PetscFunctionBegin;
  PetscCall(DWConfigViewGet(sys, &s));
  PetscCall(PetscCalloc1(s.p.N, &seen));
  for (PetscInt k = 0; k < s.p.N;) {
    PetscCheck(fgets(line, sizeof(line), fp), comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: truncated: %ld atoms announced, file ends after %" PetscInt_FMT, path,
               h->natoms, k);
    lineno++;
    if (Blank(line)) continue;
    long id, type, im[3] = {0, 0, 0};
    double v[5], x[3];
    int n;
    if (h->sphere)
      n = sscanf(line, "%ld %ld %lf %lf %lf %lf %lf %ld %ld %ld", &id, &type, &v[0], &v[1], &x[0],
                 &x[1], &x[2], &im[0], &im[1], &im[2]);
    else
      n = sscanf(line, "%ld %ld %lf %lf %lf %ld %ld %ld", &id, &type, &x[0], &x[1], &x[2], &im[0],
                 &im[1], &im[2]);
    PetscCheck(n == base || n == base + 3, comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: line %" PetscInt_FMT ": malformed atom line (expected %s)", path, lineno,
               h->sphere ? "id type diameter density x y z [ix iy iz]"
                         : "id type x y z [ix iy iz]");
    PetscCheck(id >= 1 && id <= h->natoms && !seen[id - 1], comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: line %" PetscInt_FMT ": atom id %ld out of range or repeated", path, lineno,
               id);
    PetscCheck(type >= 1 && type <= DW_MAX_SPECIES, comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s: line %" PetscInt_FMT ": atom type %ld not in 1..%d", path, lineno, type,
               DW_MAX_SPECIES);
    seen[id - 1]     = PETSC_TRUE;
    const PetscInt i = id - 1;
    s.p.species[i]   = type - 1;
    maxtype          = PetscMax(maxtype, type);
    for (int c = 0; c < 3; c++) {
      PetscCheck(isfinite(x[c]), comm, PETSC_ERR_FILE_UNEXPECTED,
                 "%s: line %" PetscInt_FMT ": position is not finite", path, lineno);
      s.p.x[3 * i + c] = (x[c] - h->lo[c]) + im[c] * s.L;
    }
    if (h->sphere) {
      PetscCheck(v[0] > 0 && isfinite(v[0]), comm, PETSC_ERR_FILE_UNEXPECTED,
                 "%s: line %" PetscInt_FMT ": diameter %g must be positive", path, lineno, v[0]);
      s.p.diameter[i] = v[0];
    }
    k++;
  }
  PetscCall(PetscFree(seen));
  PetscCall(DWSystemSetNumSpecies(
      sys, PetscMax(maxtype, h->ntypes > 0 && h->ntypes <= DW_MAX_SPECIES ? h->ntypes : 1)));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadBody(MPI_Comm comm, const char path[], FILE *fp, DWSystem *sys)
{
  DataHeader h;
  PetscInt lineno;

  PetscFunctionBegin;
  PetscCall(ReadHeader(comm, path, fp, &h, &lineno));
  const double L = h.hi[0] - h.lo[0];
  PetscCheck(L > 0 && h.hi[1] - h.lo[1] == L && h.hi[2] - h.lo[2] == L, comm,
             PETSC_ERR_FILE_UNEXPECTED,
             "%s: the box must be cubic with positive edge (found %g x %g x %g)", path, L,
             h.hi[1] - h.lo[1], h.hi[2] - h.lo[2]);
  PetscCall(DWSystemCreate(comm, sys));
  PetscCall(DWSystemSetSize(*sys, (PetscInt)h.natoms));
  PetscCall(DWSystemSetBox(*sys, L));
  PetscCall(DWSystemSetModelName(*sys, h.model));
  if (h.sphere) {
    PetscReal *d;
    PetscCall(DWSystemUseDiameters(*sys, &d));
  }
  PetscCall(ReadAtoms(comm, path, fp, &h, lineno, *sys));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemReadLAMMPS(MPI_Comm comm, const char path[], DWSystem *sys)
{
  PetscFunctionBegin;
  PetscCall(DWReadTextFile(comm, path, ReadBody, sys));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteLAMMPS(const char path[], void *ctx)
{
  DWOutFile out;
  FILE *fp;
  DWConfigView s;

  PetscFunctionBegin;
  PetscCall(DWConfigViewGet((DWSystem)ctx, &s));
  const DWParticles p = s.p;
  PetscCall(DWFileOpenTemp(path, &out));
  fp = out.fp;
  fprintf(fp, "LAMMPS data file written by dwell: model %s (units lj: sigma, eps, m = 1)\n\n",
          s.model[0] ? s.model : "unknown");
  fprintf(fp, "%" PetscInt_FMT " atoms\n%" PetscInt_FMT " atom types\n\n", p.N, s.nspecies);
  for (int c = 0; c < 3; c++) fprintf(fp, "0 %.17g %clo %chi\n", (double)s.L, 'x' + c, 'x' + c);
  if (!p.diameter) {
    fprintf(fp, "\nMasses\n\n");
    for (PetscInt t = 0; t < s.nspecies; t++) fprintf(fp, "%" PetscInt_FMT " 1\n", t + 1);
  }
  fprintf(fp, "\nAtoms # %s\n\n", p.diameter ? "sphere" : "atomic");
  for (PetscInt i = 0; i < p.N; i++) {
    fprintf(fp, "%" PetscInt_FMT " %" PetscInt_FMT, i + 1, p.species[i] + 1);
    if (p.diameter)
      fprintf(fp, " %.17g %.17g", (double)p.diameter[i],
              (double)(6.0 / (PETSC_PI * p.diameter[i] * p.diameter[i] * p.diameter[i])));
    fprintf(fp, " %.17g %.17g %.17g\n", (double)p.x[3 * i], (double)p.x[3 * i + 1],
            (double)p.x[3 * i + 2]);
  }
  PetscCall(DWFileCommit(&out));
  PetscFunctionReturn(0);
}

PetscErrorCode DWSystemWriteLAMMPS(DWSystem sys, const char path[])
{
  PetscFunctionBegin;
  PetscCall(DWWriteSystemOnRankZero(sys, path, WriteLAMMPS));
  PetscFunctionReturn(0);
}
