# Normal modes (issue 14): DWModes methods against each other, finite differences with numpy,
# plane waves of a crystal, bad input of `dwell modes`.
dwell_add_test(modes_methods_pss modes/test_modes_methods.c RANKS 2 ARGS -model pss -N 400 -dense_type dense -lob_type lobpcg)
dwell_add_test(modes_methods_ka2 modes/test_modes_methods.c ARGS -model ka2 -N 400 -dense_type dense -lob_type lobpcg)
dwell_add_test(modes_fcc_plane_waves modes/test_modes_crystal.c)
dwell_add_test(modes_fcc_plane_waves_2ranks modes/test_modes_crystal.c RANKS 2)
# The same in a sheared (triclinic) box: reciprocal-lattice wave vectors, O_k = 1.
dwell_add_test(modes_fcc_plane_waves_sheared modes/test_modes_crystal_sheared.c)
dwell_add_test(modes_fcc_plane_waves_sheared_2ranks modes/test_modes_crystal_sheared.c RANKS 2)
add_test(NAME modes_bad_input
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/modes/modes_bad_input.sh ${DWELL_CMD} ${DWELL_PYTHON}
                 ${CMAKE_CURRENT_BINARY_DIR}/modes/bad_input)
# The force server of the finite-difference check (one process for the 6N force evaluations).
add_executable(modes_forces modes/modes_forces.c)
target_link_libraries(modes_forces PRIVATE dwell)
target_include_directories(modes_forces PRIVATE ${PROJECT_SOURCE_DIR}/src ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_options(modes_forces PRIVATE -Wall -Wextra -Wno-unused-parameter $<$<BOOL:${DWELL_WERROR}>:-Werror>)
target_compile_definitions(modes_forces PRIVATE _POSIX_C_SOURCE=200809L)
add_test(NAME modes_fd_hessian_numpy
         COMMAND ${DWELL_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/modes/modes_fd_hessian.py ${DWELL_CMD}
                 $<TARGET_FILE:modes_forces> ${CMAKE_CURRENT_BINARY_DIR}/modes/fd_hessian pss 200)
# Overlaps c, a of displacement fields with the modes ([PRM21] eqs. 7, 8).
dwell_add_test(modes_overlap modes/test_modes_overlap.c)
dwell_add_test(modes_overlap_2ranks modes/test_modes_overlap.c RANKS 2)
# The Hessian along a path, orthogonal to the tangent ([JCP23] App. C), on an analytic valley.
dwell_add_test(modes_path_hessian modes/test_path_hessian.c)
# dwell neb -neb_path_hessian and dwell modes -in PATHS.h5 end to end (overlaps against numpy).
add_test(NAME modes_paths
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/modes/modes_paths.sh ${DWELL_CMD} $<TARGET_FILE:neb_pair>
                 ${DWELL_PYTHON} ${CMAKE_CURRENT_BINARY_DIR}/modes/paths
                 ${PROJECT_SOURCE_DIR}/src/plot/dwell-plot)
# The density of states of the soft tail: the A_4 estimator on synthetic omega^4 spectra and
# through DWModes on a diagonal Hessian.
dwell_add_test(modes_dos_a4 modes/test_modes_dos.c)
dwell_add_test(modes_dos_a4_2ranks modes/test_modes_dos.c RANKS 2)
# A quenched pss glass: quasi-localised modes below the phonons, the A_4 fit of its mode file,
# and dwell-plot's D(omega)/omega^4.
add_test(NAME modes_glass_qlm_dos
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/modes/modes_glass_qlm.sh ${DWELL_CMD} ${DWELL_PYTHON}
                 ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/modes/glass_qlm)
# Nonlinear (cubic) modes ([PRM21] eq. 6; issue 15): analytic surfaces with known modes.
dwell_add_test(nlmode_analytic modes/test_nlmode_analytic.c)
dwell_add_test(nlmode_analytic_2ranks modes/test_nlmode_analytic.c RANKS 2)
# ... at an inherent structure: eq. 6 against a dense pseudo-inverse, U:pi pi and U:pi pi pi by
# finite differences of the forces along the converged mode.
dwell_add_test(nlmode_glass_pss modes/test_nlmode_glass.c ARGS -model pss -N 100)
dwell_add_test(nlmode_glass_ka2_2ranks modes/test_nlmode_glass.c RANKS 2 ARGS -model ka2 -N 300)
# dwell nlmode end to end on a pss pair: overlaps with r_AB, r_AS against numpy, bad input.
add_test(NAME nlmode_cmd
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/modes/nlmode_cmd.sh ${DWELL_CMD} $<TARGET_FILE:neb_pair>
                 ${DWELL_PYTHON} ${CMAKE_CURRENT_BINARY_DIR}/modes/nlmode_cmd)
# Configurations that are not minima (displaced along the softest mode, random): sinvert, dense
# and lobpcg each stop with one error line giving the negative eigenvalue or its bound.
add_test(NAME modes_not_minimum
         COMMAND ${DWELL_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/modes/modes_not_minimum.py ${DWELL_CMD}
                 ${CMAKE_CURRENT_BINARY_DIR}/modes/not_minimum)
# The inertia of sinvert's own MUMPS factor (DWModesGetFactorShift) against the dense spectrum.
dwell_add_test(modes_factor_inertia modes/test_modes_inertia.c)
dwell_add_test(modes_factor_inertia_2ranks modes/test_modes_inertia.c RANKS 2)
# AQS elastic moduli of an fcc crystal vs its lattice sum (Born C44, K), bad input (issue 15).
dwell_add_test(elastic_aqs_fcc modes/test_elastic_aqs.c)
dwell_add_test(elastic_aqs_fcc_mpi2 modes/test_elastic_aqs.c RANKS 2)
# Mode pulling ([PRR20] sec. II.C; issue 15): analytic double wells (A_c at the barrier top, the
# eq. A3 limit, |dr| and N_rearr of a two-state toy, bad input).
dwell_add_test(pull_analytic modes/test_pull_analytic.c)
# dwell pull end to end on a small lj glass: the A_c bracket, r_0 / r_1 by `dwell minimize`, eq. 8
# by `dwell eval`, eqs. 6, 7, 9, 10 by numpy; bad input.
add_test(NAME pull_cmd
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/modes/pull_cmd.sh ${DWELL_CMD} ${DWELL_PYTHON}
                 ${CMAKE_CURRENT_BINARY_DIR}/modes/pull_cmd)
# ... on 2 ranks (distributed modes, replicated pulls): the same decisions as on 1 rank; the
# |dr| vs A curve and dwell-plot's [PRR20] Figs. 2, 3.
add_test(NAME pull_ranks
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/modes/pull_ranks.sh ${DWELL_CMD} ${DWELL_PYTHON}
                 ${CMAKE_CURRENT_BINARY_DIR}/modes/pull_ranks ${PROJECT_SOURCE_DIR}/src/plot/dwell-plot
                 ${MPIEXEC_EXECUTABLE} ${DWELL_MPIEXEC_FLAGS})
