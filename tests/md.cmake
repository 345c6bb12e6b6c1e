# Molecular dynamics and thermostats (issue 3).
foreach(check nve thermostats andersen determinism)
  dwell_add_test(md_${check} dynamics/test_md.c ARGS -check ${check})
endforeach()
dwell_add_test(ka_reference_T2.0 dynamics/test_ka_reference.c ARGS -T 2.0)
dwell_add_test(ka_reference_T1.028 dynamics/test_ka_reference.c ARGS -T 1.028)
