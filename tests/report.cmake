# dwell report and dwell-plot on synthetic libraries of known content (see the header of
# report/report_cli.sh for the hand-computed numbers it asserts).
add_test(NAME report_cli
         COMMAND /bin/bash ${CMAKE_CURRENT_SOURCE_DIR}/report/report_cli.sh ${DWELL_CMD}
                 ${PROJECT_SOURCE_DIR})
set_tests_properties(report_cli PROPERTIES TIMEOUT 120)
# dwell-plot's [PRM21] Fig. 7 (nonlinear vs best linear mode overlaps) from a synthetic library
# with /modes: the drawn histograms equal the stored values (report/plot_nlmode.py).
add_test(NAME plot_nlmode_overlaps
         COMMAND ${DWELL_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/report/plot_nlmode.py ${PROJECT_SOURCE_DIR}
                 ${CMAKE_CURRENT_BINARY_DIR}/report/plot_nlmode)
set_tests_properties(plot_nlmode_overlaps PROPERTIES TIMEOUT 120)
