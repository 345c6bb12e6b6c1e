# Molecular dynamics and thermostats (issue 3).
foreach(check nve thermostats andersen determinism)
  dwell_add_test(md_${check} dynamics/test_md.c ARGS -check ${check})
endforeach()
