# The SLURM job scripts on a real one-node SLURM cluster started by the test itself
# (tests/jobs/slurm_test.sh: munged, slurmctld, slurmd from Debian's slurm-wlm and munge, as
# root; skipped otherwise): a segment chain with scancel and USR1 stops, scancel of a whole
# chain and its resume command, an array with mpirun and srun, the report; the libraries
# equal direct runs. About 3 minutes, mostly two cores busy.
add_test(NAME slurm COMMAND /bin/bash ${CMAKE_CURRENT_SOURCE_DIR}/jobs/slurm_test.sh ${PROJECT_SOURCE_DIR}
                            ${DWELL_CMD})
set_tests_properties(slurm PROPERTIES LABELS slurm SKIP_RETURN_CODE 77 TIMEOUT 900)
