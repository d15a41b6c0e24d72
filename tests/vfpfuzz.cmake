# VFPv2 random-instruction differential tests: each tests/guest/arm/vfp/<prog>.expected was
# recorded from Debian's qemu-system-arm (tests/guest/record-fuzz-expected.sh vfp-fuzz) running a
# program of the vfp-fuzz image (gen.py); boardwalk must print the same.
file(GLOB BW_VFPFUZZ_EXPECTED CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/guest/arm/vfp/*.expected)
foreach(expected ${BW_VFPFUZZ_EXPECTED})
  get_filename_component(prog ${expected} NAME_WE)
  add_test(NAME vfpfuzz_${prog}
           COMMAND ${CMAKE_SOURCE_DIR}/tests/guest/run-compare.sh ${expected} 60 --
                   ${CMAKE_BINARY_DIR}/boardwalk -M versatilepb -m 128 -nographic
                   -kernel @vfp-fuzz/${prog}.elf -icount shift=0,sleep=off)
  set_tests_properties(vfpfuzz_${prog} PROPERTIES TIMEOUT 120 LABELS "baremetal;vfpfuzz")
endforeach()
