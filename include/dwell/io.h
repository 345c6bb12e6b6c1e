/* Configuration files. Formats, chosen by the file name's extension:
   - extended XYZ (.xyz, .extxyz; OVITO, ASE): line 1 N; line 2
       Lattice="L 0 0 xy L 0 xz yz L" Properties=species:S:1:pos:R:3[:diameter:R:1] pbc="T T T"
   model=NAME then one line per particle; species named A, B, C (pss: A, with a diameter column).
   The Lattice rows are the cell vectors a, b, c of include/dwell/box.h (a cube: zero tilts).
   - LAMMPS data (.data, .lmp): atom_style atomic with types 1, 2, 3 = A, B, C; pss is
     written as atom_style sphere (id type diameter density x y z, density 6/(pi d^3) so
     every mass is 1). The box is [0, L)^3, with a line "xy xz yz" when tilted.
   - HDF5 (.h5): group /config with datasets positions (N x 3, sigma), species (N) and
     diameters (N, sigma, pss only), and attributes box and box_xy, box_xz, box_yz (sigma;
     an absent tilt, in files written before tilts were stored, reads as 0), model, N, units.
   Positions are written with 17 significant digits, so a write-read round trip gives a
   bitwise identical system. Writers write to a temporary name and rename, so a failed
   write leaves no partial file. Readers check every field and stop with an error that
   names the file, the line and the problem (missing, truncated, malformed). Readers refuse
   anything but a regular file (a FIFO, /dev/zero), files of more than DW_IO_MAX_PARTICLES
   particles, counts the file is too short to hold (checked before memory is allocated),
   lines longer than DW_IO_MAX_LINE bytes, and anything after the particles.

   All functions are collective on the system's communicator; rank 0 reads or writes and
   broadcasts. */
#pragma once
#include <dwell/system.h>

#define DW_IO_MAX_PARTICLES 10000000  /* per configuration file (the papers: N = 1200, 1500) */
#define DW_IO_MAX_LINE      (1 << 20) /* bytes per line of a text configuration file */

typedef enum { DW_FORMAT_XYZ, DW_FORMAT_LAMMPS, DW_FORMAT_HDF5 } DWFileFormat;

/* Format from the extension; errors for an unknown extension. */
PetscErrorCode DWFileFormatFromName(MPI_Comm comm, const char path[], DWFileFormat *format);
/* Reads a configuration (any format) into a new system. */
PetscErrorCode DWSystemLoad(MPI_Comm comm, const char path[], DWSystem *sys);
/* Writes a configuration (format from the extension). */
PetscErrorCode DWSystemSave(DWSystem sys, const char path[]);

PetscErrorCode DWSystemReadXYZ(MPI_Comm comm, const char path[], DWSystem *sys);
PetscErrorCode DWSystemWriteXYZ(DWSystem sys, const char path[]);
PetscErrorCode DWSystemReadLAMMPS(MPI_Comm comm, const char path[], DWSystem *sys);
PetscErrorCode DWSystemWriteLAMMPS(DWSystem sys, const char path[]);
PetscErrorCode DWSystemReadHDF5(MPI_Comm comm, const char path[], DWSystem *sys);
PetscErrorCode DWSystemWriteHDF5(DWSystem sys, const char path[]);

/* The glass file of `dwell glass` (src/io/glassfile.c): every output field of the DWGlass
   (after DWGlassSolve) as datasets with units and description; /config is the glass,
   readable by DWSystemReadHDF5. Collective; rank 0 writes to a temporary name and renames.
   The same run gives a byte-identical file (no time stamps). */
#include <dwell/glass.h>
PetscErrorCode DWGlassWriteFile(DWGlass glass, const char path[]);
/* Checkpoints of the equilibration: write new (fsync), keep the previous one as PATH.prev,
   rename. Read: PATH, else PATH.prev (an unreadable file is skipped with a warning);
   *restored says whether the glass was restored (DWGlassRestore, after DWGlassSetUp).
   Remove: deletes PATH and PATH.prev, and the temporary files a run killed while writing
   them left (DWFileRemoveStaleTemps). All collective. */
PetscErrorCode DWGlassCheckpointWrite(DWGlass glass, const char path[]);
PetscErrorCode DWGlassCheckpointRead(DWGlass glass, const char path[], PetscBool *restored);
PetscErrorCode DWGlassCheckpointRemove(DWGlass glass, const char path[]);

/* The IS library file of `dwell explore` (src/io/islibfile.c): the glass (/config, readable
   by DWSystemReadHDF5), the exploration settings, the IS (energies, compressed positions),
   samples, visits, transition counts, candidate pairs and N_IS(t), every dataset with
   units and description. Write: collective, rank 0 writes to a temporary name and renames.
   Read: collective, every rank reads; the library comes back merged (candidates recomputed
   from the transition counts), *glass (may be NULL) is the glass of /config. */
#include <dwell/explore.h>
PetscErrorCode DWISLibraryWriteFile(DWISLibrary lib, DWExplore ex, const char path[]);
PetscErrorCode DWISLibraryReadFile(MPI_Comm comm, const char path[], DWISLibrary *lib,
                                   DWSystem *glass);

/* The path file of `dwell neb` (src/io/nebfile.c): the IS, the double-well records and the
   paths of the last DWNEBSolve (res its result), every dataset with units and description;
   sys (may be NULL) gives the model, box and species. Collective on the surface's
   communicator; rank 0 writes to a temporary name and renames. */
#include <dwell/neb.h>
PetscErrorCode DWNEBWriteFile(DWNEB neb, DWSystem sys, const DWNEBResult *res, const char path[]);
/* Any set of records (e.g. of many solves): the IS they refer to (nis energies E, eps, and
   positions X, nis x n, sigma), a status line and the number of splits; the settings come
   from neb. Collective like DWNEBWriteFile. */
typedef struct {
  const char *status;
  PetscInt nsplits;
  PetscInt nis;
  const PetscReal *E, *X;
  const char *is_description;
  PetscInt nrec;
  const DWDoubleWell *rec;
} DWNEBOutput;
PetscErrorCode DWNEBWriteRecords(DWNEB neb, DWSystem sys, const DWNEBOutput *out,
                                 const char path[]);

/* The mode file of `dwell modes` (src/io/modesfile.c): the solved modes of a DWModes
   (include/dwell/modes.h) of the configuration sys, every dataset with units and description:
     /            dwell_version, description, model, N, box, modes_type, k (attributes)
     /config      the configuration (readable by DWSystemReadHDF5)
     /modes       lambda, omega, P, O, qlm (k each) and eigenvectors (k x N x 3, unit norm)
   Collective on the modes' communicator (the eigenvectors are gathered on rank 0, which
   writes to a temporary name and renames). */
#include <dwell/modes.h>
PetscErrorCode DWModesWriteFile(DWModes modes, DWSystem sys, const char path[]);

/* The double wells of a path file of `dwell neb -out` or of a campaign library
   (src/io/nebpaths.c), as `dwell modes -in FILE` needs them: for each double well its IS a
   and the displacement fields r_AB, r_AS, r_12 (n = 3N reals each, sigma), and the system it
   belongs to.
   - path file: IS a is images[0] of /paths/dw_K when the images were kept, else
     /is/positions[is_a]; one system (/config): config[0], sample 0 for every row;
   - library (include/dwell/library.h): IS a is /dw/x_a, the fields /dw/dr_AB, dr_AS, dr_12;
     config[s] is the glass of sample s (model and N of the root, /samples/box, species,
     diameter; NULL for a sample none of the rows read belongs to). Rows whose x_a is NaN
     (is_a = -1) are left out (counted in skipped) unless selected by name, then an error.
   nsel rows sel[] (row K: /paths/dw_K, or row K of /dw), or every row when nsel = 0.
   Not collective (every rank reads the file); errors name the file and the missing object
   (no /paths and no library, no positions, a library without /dw/x_a, a row out of range). */
#define DW_NEB_PATH_FIELDS 3
typedef struct {
  PetscInt ndw, n;
  PetscInt *row;                    /* ndw: the row in the file (K of /paths/dw_K, of /dw) */
  PetscInt *is_a;                   /* ndw: /dw/is_a */
  PetscInt *sample;                 /* ndw: the index of its system in config */
  PetscReal *x_a;                   /* ndw x n */
  PetscReal *r[DW_NEB_PATH_FIELDS]; /* r_AB, r_AS, r_12: ndw x n each */
  PetscInt nconfig, skipped;
  DWSystem *config;  /* nconfig systems (positions: those of the file, not x_a) */
  PetscBool library; /* read from a campaign library */
  char model[DW_MODEL_NAME_LEN];
} DWNEBPaths;
extern const char *const DWNEBPathFieldNames[DW_NEB_PATH_FIELDS]; /* "r_AB", "r_AS", "r_12" */
/* Whether path is an HDF5 file of double wells: a path file (/paths) or a library (/dw and
   /samples). */
PetscErrorCode DWNEBPathsIsDoubleWellFile(MPI_Comm comm, const char path[], PetscBool *is);
PetscErrorCode DWNEBPathsRead(MPI_Comm comm, const char path[], PetscInt nsel, const PetscInt sel[],
                              DWNEBPaths *p);
PetscErrorCode DWNEBPathsReset(DWNEBPaths *p);

/* The overlap file of `dwell modes -in FILE` with a path file or a library
   (src/io/modesfile.c): per double well the k modes of its IS a and the overlaps ([PRM21]
   eqs. 7, 8) of r_AB, r_AS, r_12 with them:
     /            dwell_version, description, model, N, modes_type, k, source, and for a path
                  file box
     /config      the system of a path file (a library has one per sample: its /samples)
     /dw          row (the double well's row in the source: K of /paths/dw_K, or of /dw of
                  the library), sample (0 for a path file), is_a (ndw each)
     /modes       lambda, omega, P, O, qlm (ndw x k)
     /overlaps/F  for F = r_AB, r_AS, r_12: c, a (max over modes), mode_c, mode_a (0-based),
                  omega_c, P_c, omega_a, P_a, c2sum (ndw each), c_k, a_k (ndw x k)
   Written by rank 0 from replicated arrays; collective on comm. */
typedef struct {
  PetscInt ndw, k;
  const char *source, *type;
  PetscReal *lambda, *omega, *P, *O;                          /* ndw x k */
  PetscInt *qlm;                                              /* ndw x k */
  PetscReal *ck[DW_NEB_PATH_FIELDS], *ak[DW_NEB_PATH_FIELDS]; /* ndw x k */
  DWModesOverlapResult *best[DW_NEB_PATH_FIELDS];             /* ndw */
} DWModesOverlapTable;
PetscErrorCode DWModesWriteOverlapFile(MPI_Comm comm, const DWNEBPaths *p,
                                       const DWModesOverlapTable *t, const char path[]);

/* Not collective. Registers the logging events of this module (PetscLogEventRegister; a no-op
   the second time). Every rank of a campaign calls it at start-up (src/app/logevents.c), so that
   -log_view sums the same event on every rank even where only workers run the module. */
PetscErrorCode DWISLibraryFileLogRegister(void);
