# Models: exact derivatives, cutoffs, neighbour lists, Hessian Mat (issue 2).
foreach(model pss tlj ka2 ka lj harmonic)
  dwell_add_test(derivatives_${model} potential/test_derivatives.c ARGS -model ${model})
endforeach()
dwell_add_test(cutoff_continuity potential/test_cutoff.c)
dwell_add_test(neighbor_list potential/test_neighbor.c)
dwell_add_test(hessian_mat_serial potential/test_hessian_mat.c ARGS -model pss)
dwell_add_test(hessian_mat_mpi2 potential/test_hessian_mat.c RANKS 2 ARGS -model ka2)
dwell_add_test(hessian_mat_mpi2_sbaij potential/test_hessian_mat.c RANKS 2 ARGS -model ka -hessian_mat_type sbaij)
# The ternary model (tlj = ka2, issue 12): energy, virial and forces against a numpy
# evaluation of the KA2 table with [JCP23]'s smoothing (see the header of the script).
add_test(NAME potential_ternary_reference
         COMMAND ${DWELL_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/potential/ternary_reference.py
                 ${DWELL_CMD} ${CMAKE_CURRENT_BINARY_DIR}/ternary_reference)
set_tests_properties(potential_ternary_reference PROPERTIES TIMEOUT 120)
# The fast pair loops against the generic derivative code, 1e-14 (issue 17).
foreach(model pss tlj ka2 ka lj harmonic)
  dwell_add_test(kernels_${model} potential/test_kernels.c ARGS -model ${model})
endforeach()
# The triclinic box: list vs all 27 images, minimum image, bad tilt (issue 15).
dwell_add_test(neighbor_triclinic potential/test_triclinic.c)
# The fast pair loop along an MD trajectory with list rebuilds: every step against the
# generic code (5e-14), and the trajectory against one integrated with the generic forces
# within a Lyapunov envelope (issue 17).
dwell_add_test(kernels_trajectory_ka2 potential/test_kernels_trajectory.c ARGS -model ka2)
