# Landscape exploration: minimisers (issue 4).
foreach(model ka ka2 pss lj)
  dwell_add_test(minimizer_fire_lbfgs_${model} landscape/test_minimizer.c ARGS -model ${model})
endforeach()
find_program(DWELL_LMP lmp)
if(DWELL_LMP)
  add_test(NAME minimizer_lammps_fire_ka
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/landscape/lammps_fire.sh ${DWELL_CMD}
                   ${CMAKE_CURRENT_BINARY_DIR}/landscape/lammps_fire)
endif()
