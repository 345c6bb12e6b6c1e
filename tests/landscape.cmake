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
# Options prefixes: three minimisers configured separately from one command line.
dwell_add_test(minimizer_options_prefix landscape/test_minimizer_prefix.c
               ARGS -min_type cg -min_ftol 1e-8 -is_type fire -is_ftol 1e-6 -is_maxit 777
                    -pull_lbfgs_m 3 -pull_ftol 1e-9 -pull_lbfgs_precond exp
                    -pull_precond_ksp_type cg -none_type fire)
