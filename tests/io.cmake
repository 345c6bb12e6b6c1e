# Configuration I/O (issue 2: "Round trips" and "Bad input"); see the header of each file.
set(DWELL_IO_DIR ${CMAKE_CURRENT_BINARY_DIR}/io)
file(MAKE_DIRECTORY ${DWELL_IO_DIR})

# Write-read round trips in every format, bitwise identical; one also on 2 MPI ranks.
foreach(model pss tlj ka2 ka lj harmonic)
  dwell_add_test(io_roundtrip_${model} io/test_io_roundtrip.c
                 ARGS -model ${model} -dir ${DWELL_IO_DIR}/roundtrip_${model})
endforeach()
dwell_add_test(io_roundtrip_pss_mpi2 io/test_io_roundtrip.c RANKS 2
               ARGS -model pss -dir ${DWELL_IO_DIR}/roundtrip_pss_mpi2)
dwell_add_test(io_roundtrip_ka_mpi2 io/test_io_roundtrip.c RANKS 2
               ARGS -model ka -dir ${DWELL_IO_DIR}/roundtrip_ka_mpi2)

# The same in a triclinic box: tilts and positions bitwise, and an old HDF5 file without tilts
# reads as the cube.
foreach(model pss ka)
  dwell_add_test(io_roundtrip_tilted_${model} io/test_io_roundtrip.c
                 ARGS -model ${model} -tilted -dir ${DWELL_IO_DIR}/roundtrip_tilted_${model})
endforeach()
dwell_add_test(io_roundtrip_tilted_ka_mpi2 io/test_io_roundtrip.c RANKS 2
               ARGS -model ka -tilted -dir ${DWELL_IO_DIR}/roundtrip_tilted_ka_mpi2)

# LAMMPS data files written by LAMMPS itself (fixture io_lammps_write runs lmp).
find_program(DWELL_LAMMPS NAMES lmp lmp_serial)
if(DWELL_LAMMPS)
  add_test(NAME io_lammps_write
           COMMAND /bin/bash ${CMAKE_CURRENT_SOURCE_DIR}/io/lammps_write.sh ${DWELL_LAMMPS}
                   ${DWELL_CMD} ${DWELL_IO_DIR}/lammps)
  set_tests_properties(io_lammps_write PROPERTIES FIXTURES_SETUP io_lammps TIMEOUT 30)
  dwell_add_test(io_lammps_read io/test_io_lammps.c ARGS -dir ${DWELL_IO_DIR}/lammps)
  set_tests_properties(io_lammps_read PROPERTIES FIXTURES_REQUIRED io_lammps)
else()
  message(WARNING "LAMMPS (lmp) not found: the io_lammps_* tests are not registered")
endif()

# Lines of any length (up to DW_IO_MAX_LINE) are read whole.
add_test(NAME io_long_lines COMMAND /bin/bash ${CMAKE_CURRENT_SOURCE_DIR}/io/long_lines.sh
                                    ${DWELL_CMD} ${DWELL_IO_DIR}/long_lines)

# Bad input: one ctest test per case of io/bad_input.sh (the script holds the list).
set(DWELL_BAD_INPUT ${CMAKE_CURRENT_SOURCE_DIR}/io/bad_input.sh)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${DWELL_BAD_INPUT})
execute_process(COMMAND /bin/bash ${DWELL_BAD_INPUT} - - list OUTPUT_VARIABLE DWELL_BAD_CASES
                OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${DWELL_BAD_INPUT} cannot list its cases")
endif()
separate_arguments(DWELL_BAD_CASES UNIX_COMMAND "${DWELL_BAD_CASES}")
add_test(NAME io_bad_input_setup
         COMMAND /bin/bash ${DWELL_BAD_INPUT} ${DWELL_CMD} ${DWELL_IO_DIR}/bad_input setup)
set_tests_properties(io_bad_input_setup PROPERTIES FIXTURES_SETUP io_bad_input)
foreach(case IN LISTS DWELL_BAD_CASES)
  add_test(NAME io_bad_${case}
           COMMAND /bin/bash ${DWELL_BAD_INPUT} ${DWELL_CMD} ${DWELL_IO_DIR}/bad_input ${case})
  set_tests_properties(io_bad_${case} PROPERTIES FIXTURES_REQUIRED io_bad_input TIMEOUT 30)
endforeach()
