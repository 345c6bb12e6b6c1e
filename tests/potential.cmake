# Models: exact derivatives, cutoffs, neighbour lists, Hessian Mat (issue 2).
foreach(model pss tlj ka2 ka lj harmonic)
  dwell_add_test(derivatives_${model} potential/test_derivatives.c ARGS -model ${model})
endforeach()
dwell_add_test(cutoff_continuity potential/test_cutoff.c)
dwell_add_test(neighbor_list potential/test_neighbor.c)
dwell_add_test(hessian_mat_serial potential/test_hessian_mat.c ARGS -model pss)
dwell_add_test(hessian_mat_mpi2 potential/test_hessian_mat.c RANKS 2 ARGS -model ka2)
dwell_add_test(hessian_mat_mpi2_sbaij potential/test_hessian_mat.c RANKS 2 ARGS -model ka -hessian_mat_type sbaij)
