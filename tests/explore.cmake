# Exploration of a glass, IS library and candidate pairs (issue 4); see the header of each
# file for what it asserts and why.
dwell_add_test(islib_identity_merge_candidates landscape/test_islib.c)
set_tests_properties(islib_identity_merge_candidates PROPERTIES TIMEOUT 60)
set(DWELL_EXPLORE_DIR ${CMAKE_CURRENT_BINARY_DIR}/explore)
file(MAKE_DIRECTORY ${DWELL_EXPLORE_DIR})
dwell_add_test(explore_pss_glass landscape/test_explore.c ARGS -dir ${DWELL_EXPLORE_DIR} -explore_progress_interval 0)
dwell_add_test(explore_pss_glass_mpi2 landscape/test_explore.c RANKS 2 ARGS -dir ${DWELL_EXPLORE_DIR}/mpi2 -explore_progress_interval 0)
file(MAKE_DIRECTORY ${DWELL_EXPLORE_DIR}/mpi2)
set_tests_properties(explore_pss_glass explore_pss_glass_mpi2 PROPERTIES TIMEOUT 600)

# Bad input of dwell explore: one ctest test per case of landscape/explore_bad_input.sh.
set(DWELL_EXPLORE_BAD ${CMAKE_CURRENT_SOURCE_DIR}/landscape/explore_bad_input.sh)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${DWELL_EXPLORE_BAD})
execute_process(COMMAND /bin/bash ${DWELL_EXPLORE_BAD} - - list OUTPUT_VARIABLE DWELL_EXPLORE_BAD_CASES
                OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${DWELL_EXPLORE_BAD} cannot list its cases")
endif()
separate_arguments(DWELL_EXPLORE_BAD_CASES UNIX_COMMAND "${DWELL_EXPLORE_BAD_CASES}")
add_test(NAME explore_bad_input_setup
         COMMAND /bin/bash ${DWELL_EXPLORE_BAD} ${DWELL_CMD} ${DWELL_EXPLORE_DIR}/bad_input setup)
set_tests_properties(explore_bad_input_setup PROPERTIES FIXTURES_SETUP explore_bad_input)
foreach(case IN LISTS DWELL_EXPLORE_BAD_CASES)
  add_test(NAME explore_bad_${case}
           COMMAND /bin/bash ${DWELL_EXPLORE_BAD} ${DWELL_CMD} ${DWELL_EXPLORE_DIR}/bad_input ${case})
  set_tests_properties(explore_bad_${case} PROPERTIES FIXTURES_REQUIRED explore_bad_input TIMEOUT 90)
endforeach()

# dwell explore end to end, on 1 and 2 ranks: byte-identical files.
add_test(NAME explore_cli
         COMMAND /bin/bash ${CMAKE_CURRENT_SOURCE_DIR}/landscape/explore_cli.sh ${DWELL_CMD}
                 ${MPIEXEC_EXECUTABLE} ${DWELL_EXPLORE_DIR}/cli)
set_tests_properties(explore_cli PROPERTIES TIMEOUT 300)
