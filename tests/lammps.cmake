# Cross-checks against LAMMPS (Debian lammps, /usr/bin/lmp): total energy, virial pressure
# and every per-atom force of random configurations (dwell init with a seed), computed by
# dwell eval and by LAMMPS run 0; tests/lammps/compare.sh drives, compare.py compares.
# ka, lj: exact LAMMPS styles, tolerance 1e-10 relative; harmonic: pair_style table
# spline, tolerance from the spline's error bound (see the header of compare.py).
find_program(DWELL_LAMMPS NAMES lmp lmp_serial)
if(NOT DWELL_LAMMPS)
  message(WARNING "LAMMPS (lmp) not found: the lammps_* cross-check tests are not registered")
  return()
endif()

# model N seed
set(DWELL_LAMMPS_CASES "ka 1000 3" "ka 2000 5" "lj 864 7" "harmonic 1000 11")
foreach(case IN LISTS DWELL_LAMMPS_CASES)
  separate_arguments(args UNIX_COMMAND "${case}")
  list(GET args 0 model)
  list(GET args 1 n)
  list(GET args 2 seed)
  set(name lammps_${model}_N${n})
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/lammps/${name})
  file(MAKE_DIRECTORY ${dir})
  add_test(NAME ${name}
           COMMAND /bin/bash ${CMAKE_CURRENT_SOURCE_DIR}/lammps/compare.sh ${DWELL_CMD} ${model} ${n} ${seed}
           WORKING_DIRECTORY ${dir})
  set_tests_properties(${name} PROPERTIES TIMEOUT 30 LABELS lammps
                       ENVIRONMENT "DWELL_LMP=${DWELL_LAMMPS};DWELL_PYTHON=${DWELL_PYTHON}")
endforeach()

# The triclinic box (issue 15): energy, pressure tensor and forces of a tilted ka box
# against LAMMPS, tilts in units of L: xy only, then all three.
add_executable(lammps_triclinic lammps/lammps_triclinic.c)
target_link_libraries(lammps_triclinic PRIVATE dwell)
target_compile_options(lammps_triclinic PRIVATE -Wall -Wextra -Wno-unused-parameter
                       $<$<BOOL:${DWELL_WERROR}>:-Werror>)
foreach(tilts "0.13 0 0" "0.11 -0.07 0.05")
  separate_arguments(t UNIX_COMMAND "${tilts}")
  string(REPLACE " " "_" suffix "${tilts}")
  set(name lammps_triclinic_ka_${suffix})
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/lammps/${name})
  file(MAKE_DIRECTORY ${dir})
  add_test(NAME ${name}
           COMMAND /bin/bash ${CMAKE_CURRENT_SOURCE_DIR}/lammps/triclinic.sh
                   $<TARGET_FILE:lammps_triclinic> 500 3 ${t}
           WORKING_DIRECTORY ${dir})
  set_tests_properties(${name} PROPERTIES TIMEOUT 30 LABELS lammps
                       ENVIRONMENT "DWELL_LMP=${DWELL_LAMMPS};DWELL_PYTHON=${DWELL_PYTHON}")
endforeach()
