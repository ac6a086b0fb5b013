# cmake -P check_compile.cmake: compiles one file with -fsyntax-only and checks the outcome.
#   -DCOMPILER=<c++> -DINCLUDE_DIR=<dir> -DSOURCE=<file.cpp> -DMODE=fail|pass
# MODE=fail: the compile must fail AND stderr must contain every "// expect: <text>" line
#            of SOURCE (so it cannot "pass" for the wrong reason); a file without an
#            expect line is itself an error.
# MODE=pass: the compile must succeed (the control file).
foreach(v COMPILER INCLUDE_DIR SOURCE MODE)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "check_compile.cmake: -D${v}=... is required")
  endif()
endforeach()

# LC_ALL=C: plain ASCII quotes in diagnostics, so expect lines can spell them.
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env LC_ALL=C LANG=C
          ${COMPILER} -std=c++20 -fsyntax-only -I ${INCLUDE_DIR} ${SOURCE}
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err)

if(MODE STREQUAL "pass")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "control file must compile but did not (rc=${rc}):\n${err}")
  endif()
  message(STATUS "compiles, as it must")
  return()
endif()

if(rc EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but it must not")
endif()
file(STRINGS ${SOURCE} expects REGEX "^// expect: ")
if(NOT expects)
  message(FATAL_ERROR "${SOURCE} has no '// expect: <text>' line")
endif()
foreach(line IN LISTS expects)
  string(REGEX REPLACE "^// expect: " "" want "${line}")
  string(FIND "${err}" "${want}" pos)
  if(pos EQUAL -1)
    message(FATAL_ERROR "${SOURCE} failed to compile, but not for the expected reason:\n"
                        "  missing: ${want}\n--- compiler stderr ---\n${err}")
  endif()
  message(STATUS "failed as expected: ${want}")
endforeach()
