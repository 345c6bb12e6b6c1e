/* Fuzz targets of dwell's readers (issue 13, "Fuzzing as a habit"): one function per reader
   that takes arbitrary bytes, feeds them to the reader the way dwell does and checks what a
   reader that accepts them returns. The same targets run under libFuzzer with AddressSanitizer
   and UBSan (tests/fuzz/libfuzzer.c, clang, tests/fuzz/run.sh) and in the normal test suite,
   which replays the inputs kept under tests/fuzz/regressions/ and the seeds
   (tests/fuzz/replay.c). Targets:
     xyz       an extended XYZ configuration (DWSystemLoad of a .xyz file), then a neighbour
               list built for it;
     lammps    a LAMMPS data file (DWSystemLoad of a .data file), then a neighbour list;
     h5config  an HDF5 configuration written from the bytes by a structure-aware generator
               (the group /config, its attributes and datasets with any shape, class and
               value, links), read by DWSystemLoad; raw bytes would test libhdf5's own
               parser, not dwell;
     yaml      a campaign file: the check of src/app/optionsfile.c, then, when it passes,
               PETSc's YAML reader and DWCampaignSetFromOptions (the -dry_run check);
     shard     a shard file: DWShardScan with every record's key and payload decoded as the
               farm decodes them, DWShardReadRecord of every good record, then DWShardOpen
               (which cuts a torn tail) and one DWShardAppend, after which the appended record
               must be read back. The first byte chooses whether the CRC of every record
               whose length fits is made valid first (so that payloads reach the decoders) or
               the bytes are taken as they are.
   A target returns 0 when the reader accepted the input, 1 when it stopped with an error
   (msg: the first error message), and aborts when an accepted input broke an invariant. */
#pragma once
#include <petscsys.h>
#include <stdint.h>

extern const char *const DWFuzzTargetNames[];

/* Once per process, after PetscInitialize: a private temporary directory for the inputs, and
   PETSc errors returned quietly (their first message kept for DWFuzzRun). */
PetscErrorCode DWFuzzSetUp(void);
/* Removes the temporary directory. */
void DWFuzzTearDown(void);
/* Runs target `name` on data; see above. msg may be NULL. */
int DWFuzzRun(const char name[], const uint8_t *data, size_t size, char msg[], size_t len);
