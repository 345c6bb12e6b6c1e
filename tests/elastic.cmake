# Elastic moduli of an inherent structure (issue 15, [JCP23] IV.C): Born minus non-affine.
# fcc lj crystal: the analytic lattice sums (C44, P, K) and a vanishing non-affine term.
dwell_add_test(elastic_fcc elastic/test_elastic_fcc.c)
dwell_add_test(elastic_fcc_2ranks elastic/test_elastic_fcc.c RANKS 2)
# A ka2 glass: K, G_xy and G_yz against central differences of the minimised energy (isotropic
# scaling of the cubic box; simple shear with fixed pair images, no triclinic box needed).
dwell_add_test(elastic_fd_glass elastic/test_elastic_fd.c)
dwell_add_test(elastic_fd_glass_2ranks elastic/test_elastic_fd.c RANKS 2)
# dwell elastic end to end: bad input, the file's derived quantities against numpy, dwell-plot.
add_test(NAME elastic_cmd
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/elastic/elastic_cmd.sh ${DWELL_CMD} ${DWELL_PYTHON}
                 ${CMAKE_CURRENT_BINARY_DIR}/elastic/cmd ${PROJECT_SOURCE_DIR}/src/plot/dwell-plot)
# A ka2 glass: the AQS slopes (Lees-Edwards shear, hydrostatic compression) against G_xy and K
# of Born minus non-affine, within the AQS step error.
dwell_add_test(elastic_aqs_glass elastic/test_elastic_aqs_glass.c)
