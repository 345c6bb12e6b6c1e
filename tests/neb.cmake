# Minimum energy paths (issue 5): NEB and string method, double-well records, saddle check.
# FIRE with both methods (the string method defaults to L-BFGS since issue 17).
dwell_add_test(neb_mueller_brown landscape/test_neb_mb.c ARGS -neb_optimizer fire)
# The same checks with the L-BFGS band optimiser (issue 17): its saddles are FIRE's, both
# within 1e-6 (position) and 1e-8 (energy) of the Newton-refined S1 and S2.
dwell_add_test(neb_mueller_brown_lbfgs landscape/test_neb_mb.c ARGS -neb_optimizer lbfgs)
dwell_add_test(neb_path_spline landscape/test_neb_path.c)
dwell_add_test(neb_split_triple_well landscape/test_neb_split.c ARGS -neb_fire_dt 2e-3 -neb_maxstep 0.02 -neb_spring 20)
# The pairs of neb_pair.h, stored (landscape/data/pair_*.h5) so that the path tests keep their
# pair when a change of the force kernels at rounding level sends the exploration elsewhere.
set(DWELL_PAIR_DATA ${CMAKE_CURRENT_SOURCE_DIR}/landscape/data)
dwell_add_test(neb_particles_ka2 landscape/test_neb_particles.c ARGS -model ka2 -pair_data ${DWELL_PAIR_DATA})
# Two quickstart paths once lost to the iteration cap (issue 12): flutter and kink.
dwell_add_test(neb_stall_quickstart landscape/test_neb_stall.c ARGS -data ${CMAKE_CURRENT_SOURCE_DIR}/landscape/data)
# The pair maker of the LAMMPS comparison and of bench/neb.sh.
add_executable(neb_pair landscape/neb_pair.c)
target_link_libraries(neb_pair PRIVATE dwell)
target_include_directories(neb_pair PRIVATE ${PROJECT_SOURCE_DIR}/src ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_options(neb_pair PRIVATE -Wall -Wextra -Wno-unused-parameter $<$<BOOL:${DWELL_WERROR}>:-Werror>)
target_compile_definitions(neb_pair PRIVATE _POSIX_C_SOURCE=200809L)
find_program(DWELL_LMP lmp)
if(DWELL_LMP)
  add_test(NAME neb_lammps_ka
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/landscape/neb_lammps.sh ${DWELL_CMD} $<TARGET_FILE:neb_pair>
                   ${CMAKE_CURRENT_BINARY_DIR}/landscape/neb_lammps ${MPIEXEC_EXECUTABLE} ${DWELL_MPIEXEC_FLAGS})
  set_tests_properties(neb_lammps_ka PROPERTIES ENVIRONMENT DWELL_PAIR_DATA=${DWELL_PAIR_DATA})
endif()
add_test(NAME neb_cmd_ka2
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/landscape/neb_cmd.sh ${DWELL_CMD} $<TARGET_FILE:neb_pair>
                 ${CMAKE_CURRENT_BINARY_DIR}/landscape/neb_cmd ${MPIEXEC_EXECUTABLE} ${DWELL_MPIEXEC_FLAGS})
set_tests_properties(neb_cmd_ka2 PROPERTIES ENVIRONMENT DWELL_PAIR_DATA=${DWELL_PAIR_DATA})
