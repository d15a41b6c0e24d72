# Random-instruction differential tests: each tests/guest/arm/fuzz/<prog>.expected
# was recorded from Debian's qemu-system-arm (tests/guest/record-fuzz-expected.sh arm-fuzz)
# running a program of the arm-fuzz image (gen.py); boardwalk must print the same.
file(GLOB BW_ARMFUZZ_EXPECTED CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/guest/arm/fuzz/*.expected)
foreach(expected ${BW_ARMFUZZ_EXPECTED})
  get_filename_component(prog ${expected} NAME_WE)
  add_test(NAME armfuzz_${prog}
           COMMAND ${CMAKE_SOURCE_DIR}/tests/guest/run-compare.sh ${expected} 60 --
                   ${CMAKE_BINARY_DIR}/boardwalk -M versatilepb -m 128 -nographic
                   -kernel @arm-fuzz/${prog}.elf -icount shift=0,sleep=off)
  set_tests_properties(armfuzz_${prog} PROPERTIES TIMEOUT 120 LABELS "baremetal;armfuzz")
endforeach()
