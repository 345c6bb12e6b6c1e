# dwell report and dwell-plot on synthetic libraries of known content (see the header of
# report/report_cli.sh for the hand-computed numbers it asserts).
add_test(NAME report_cli
         COMMAND /bin/bash ${CMAKE_CURRENT_SOURCE_DIR}/report/report_cli.sh ${DWELL_CMD}
                 ${PROJECT_SOURCE_DIR})
set_tests_properties(report_cli PROPERTIES TIMEOUT 120)
