# Job scripts and campaign files (tests/jobs/check_scripts.sh): bash -n of jobs/*.sh and
# jobs/slurm/*.sbatch, the #SBATCH and restart lines the SLURM templates need, and
# inputs/{quickstart,pss,tlj,ka2}.yaml accepted by `dwell run FILE -dry_run`.
add_test(NAME jobs_scripts
         COMMAND /bin/bash ${CMAKE_CURRENT_SOURCE_DIR}/jobs/check_scripts.sh ${PROJECT_SOURCE_DIR}
                 ${DWELL_CMD} ${DWELL_PYTHON})
set_tests_properties(jobs_scripts PROPERTIES TIMEOUT 60)
