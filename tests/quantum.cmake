# Quantum levels, WKB, units and TLS statistics (issue 6); see the header of each file.
dwell_add_test(quantum_harmonic quantum/test_harmonic.c)
dwell_add_test(quantum_quartic quantum/test_quartic.c)
dwell_add_test(quantum_asymmetric quantum/test_asymmetric.c)
dwell_add_test(quantum_convergence quantum/test_convergence.c)
dwell_add_test(quantum_units quantum/test_units.c)
dwell_add_test(quantum_delta0 quantum/test_delta0.c)
dwell_add_test(quantum_stats quantum/test_stats.c)

# dwell tunnel on the command line: one ctest test per case of quantum/tunnel_cli.sh.
set(DWELL_TUNNEL_CLI ${CMAKE_CURRENT_SOURCE_DIR}/quantum/tunnel_cli.sh)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${DWELL_TUNNEL_CLI})
execute_process(COMMAND /bin/bash ${DWELL_TUNNEL_CLI} - - list OUTPUT_VARIABLE DWELL_TUNNEL_CASES
                OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${DWELL_TUNNEL_CLI} cannot list its cases")
endif()
separate_arguments(DWELL_TUNNEL_CASES UNIX_COMMAND "${DWELL_TUNNEL_CASES}")
foreach(case IN LISTS DWELL_TUNNEL_CASES)
  add_test(NAME quantum_cli_${case}
           COMMAND /bin/bash ${DWELL_TUNNEL_CLI} ${DWELL_CMD} ${CMAKE_CURRENT_BINARY_DIR}/quantum_cli ${case})
  set_tests_properties(quantum_cli_${case} PROPERTIES TIMEOUT 30)
endforeach()

# Spline end conditions of the tunnelling profile (quantum/spline_ends.sh).
add_test(NAME tunnel_spline_ends
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/quantum/spline_ends.sh ${DWELL_CMD}
                 ${PROJECT_SOURCE_DIR})
