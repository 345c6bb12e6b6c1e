# Equilibrium proof and glass preparation (issue 3): F_s(k, t) on exact cases, the glass
# protocol and `dwell glass` (see the header of each file).
dwell_add_test(selfscattering_exact dynamics/test_selfscattering.c)
dwell_add_test(glass_protocol dynamics/test_glass.c)
set_tests_properties(glass_protocol PROPERTIES TIMEOUT 120)
# the same on the ternary model at T = 1.0 (issue 12): species swaps per pair type
dwell_add_test(glass_protocol_ka2 dynamics/test_glass.c ARGS -model ka2 -T_f 1.0 -T_exp 0.4)
set_tests_properties(glass_protocol_ka2 PROPERTIES TIMEOUT 120)

# `dwell glass` end to end: one test per case of dynamics/glass_cmd.sh (the script holds
# the list): same seed -> same file, kill -9 and resume -> same file, the file's contents,
# the mc scheme and plain MD, bad input.
set(DWELL_GLASS_CMD ${CMAKE_CURRENT_SOURCE_DIR}/dynamics/glass_cmd.sh)
set(DWELL_GLASS_DIR ${CMAKE_CURRENT_BINARY_DIR}/glass)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${DWELL_GLASS_CMD})
execute_process(COMMAND /bin/bash ${DWELL_GLASS_CMD} - - - list OUTPUT_VARIABLE DWELL_GLASS_CASES
                OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${DWELL_GLASS_CMD} cannot list its cases")
endif()
separate_arguments(DWELL_GLASS_CASES UNIX_COMMAND "${DWELL_GLASS_CASES}")
foreach(case IN LISTS DWELL_GLASS_CASES)
  add_test(NAME glass_cmd_${case}
           COMMAND /bin/bash ${DWELL_GLASS_CMD} ${DWELL_CMD} ${DWELL_PYTHON} ${DWELL_GLASS_DIR} ${case})
  set_tests_properties(glass_cmd_${case} PROPERTIES TIMEOUT 120)
endforeach()
