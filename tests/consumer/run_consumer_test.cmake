# cmake -P run_consumer_test.cmake: installs the build tree, builds tests/consumer against the
# installed package only, runs it and checks its output.
#   -DBUILD_DIR=<main build tree> -DSOURCE_DIR=<tests/consumer> -DWORK_DIR=<scratch dir>
#   -DGENERATOR=<generator> -DCXX_COMPILER=<c++> -DEXPECTED=<address>
foreach(v BUILD_DIR SOURCE_DIR WORK_DIR GENERATOR CXX_COMPILER EXPECTED)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "run_consumer_test.cmake: -D${v}=... is required")
  endif()
endforeach()

function(run step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "consumer test: ${step} failed (${rc})\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
run("install" ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")
# Only the installed package may be found: no package registries, no source tree paths.
run("configure" ${CMAKE_COMMAND} -S "${SOURCE_DIR}" -B "${WORK_DIR}/build" -G "${GENERATOR}"
    -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_BUILD_TYPE=Release
    -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF)
run("build" ${CMAKE_COMMAND} --build "${WORK_DIR}/build")
# The app must have compiled against the installed headers, not the source tree.
file(READ "${WORK_DIR}/build/CMakeCache.txt" cache)
string(FIND "${cache}" "isolated_crypto_DIR:PATH=${prefix}/" pos)
if(pos EQUAL -1)
  message(FATAL_ERROR "consumer test: isolated_crypto was not found in ${prefix}")
endif()
run("run" "${WORK_DIR}/build/app")
string(STRIP "${last_output}" got)
if(NOT got STREQUAL EXPECTED)
  message(FATAL_ERROR "consumer test: app printed '${got}', expected '${EXPECTED}'")
endif()
message(STATUS "installed package works: ${got}")
