# The soft-float (core/cpu/softfloat) against the x86-64 host FPU: random and edge-biased
# operands for every operation and rounding mode (tests/fp/softfloat_crosscheck.cpp). Native
# x86-64 only; a modest count here, run it by hand with a larger one.
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  add_executable(softfloat_crosscheck ${CMAKE_CURRENT_SOURCE_DIR}/fp/softfloat_crosscheck.cpp)
  target_link_libraries(softfloat_crosscheck PRIVATE bwcore)
  add_test(NAME softfloat_crosscheck COMMAND softfloat_crosscheck 20000)
  set_tests_properties(softfloat_crosscheck PROPERTIES TIMEOUT 120)
endif()
