# Elastic moduli of an inherent structure (issue 15, [JCP23] IV.C): Born minus non-affine.
# fcc lj crystal: the analytic lattice sums (C44, P, K) and a vanishing non-affine term.
dwell_add_test(elastic_fcc elastic/test_elastic_fcc.c)
dwell_add_test(elastic_fcc_2ranks elastic/test_elastic_fcc.c RANKS 2)
