# Fuzzing (issue 13, "Fuzzing as a habit"; tests/fuzz/fuzz.h describes the targets).
#  - fuzz_replay_TARGET (always): the inputs the fuzzer found (tests/fuzz/regressions/TARGET,
#    each a crash or broken invariant before its fix) give a clean error, the seeds
#    (tests/fuzz/seeds/TARGET) are accepted; built with the normal compiler.
#  - fuzz_TARGET (label fuzz, when clang is installed): fuzz_build makes the sanitized
#    libFuzzer build in BUILD/fuzz (tests/fuzz/run.sh build), then each target runs for
#    DWELL_FUZZ_SECONDS seconds from its seeds and regressions (a fresh corpus each time); a
#    crash fails the test and leaves the input in BUILD/fuzz/crashes/TARGET (copy it to
#    tests/fuzz/regressions/TARGET once fixed).
set(DWELL_FUZZ_TARGETS xyz lammps h5config yaml shard)
set(DWELL_FUZZ_SECONDS 12 CACHE STRING "seconds of fuzzing per target in the test suite")
set(DWELL_FUZZ_DIR ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)
add_executable(fuzz_replay fuzz/replay.c fuzz/targets.c)
target_link_libraries(fuzz_replay PRIVATE dwell)
target_include_directories(fuzz_replay PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_compile_options(fuzz_replay PRIVATE -Wall -Wextra -Wno-unused-parameter
                       $<$<BOOL:${DWELL_WERROR}>:-Werror>)
target_compile_definitions(fuzz_replay PRIVATE _POSIX_C_SOURCE=200809L)
find_program(DWELL_CLANG NAMES clang-14 clang)
if(DWELL_CLANG)
  add_test(NAME fuzz_build COMMAND /bin/bash ${DWELL_FUZZ_DIR}/run.sh build
                                   ${CMAKE_BINARY_DIR}/fuzz)
  set_tests_properties(fuzz_build PROPERTIES FIXTURES_SETUP fuzz LABELS fuzz TIMEOUT 1800)
else()
  message(WARNING "clang not found: the fuzz_* tests (libFuzzer) are not registered")
endif()
foreach(target ${DWELL_FUZZ_TARGETS})
  add_test(NAME fuzz_replay_${target}
           COMMAND fuzz_replay -target ${target} -dir ${DWELL_FUZZ_DIR}/seeds/${target}
                   -dir ${DWELL_FUZZ_DIR}/regressions/${target})
  if(DWELL_CLANG)
    add_test(NAME fuzz_${target}
             COMMAND /bin/bash ${DWELL_FUZZ_DIR}/run.sh run ${CMAKE_BINARY_DIR}/fuzz ${target}
                     ${DWELL_FUZZ_SECONDS})
    set_tests_properties(fuzz_${target} PROPERTIES FIXTURES_REQUIRED fuzz LABELS fuzz
                         TIMEOUT 300 ENVIRONMENT DWELL_FUZZ_FRESH=1)
  endif()
endforeach()
