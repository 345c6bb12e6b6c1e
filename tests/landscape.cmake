# Landscape exploration: minimisers (issue 4).
foreach(model ka ka2 pss)
  dwell_add_test(minimizer_fire_lbfgs_${model} landscape/test_minimizer.c ARGS -model ${model})
endforeach()
