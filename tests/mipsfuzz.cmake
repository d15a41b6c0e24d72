# Random-instruction differential tests on malta: each tests/guest/mips/fuzz/<prog>.expected
# was recorded from Debian's qemu-system-mipsel -M malta (tests/guest/record-fuzz-expected.sh
# mips-fuzz) running a program of the mips-fuzz image (gen.py: ifuzz* integer,
# ffuzz* FPU); boardwalk must print the same.
file(GLOB BW_MIPSFUZZ_EXPECTED CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/guest/mips/fuzz/*.expected)
foreach(expected ${BW_MIPSFUZZ_EXPECTED})
  get_filename_component(prog ${expected} NAME_WE)
  add_test(NAME mipsfuzz_${prog}
           COMMAND ${CMAKE_SOURCE_DIR}/tests/guest/run-compare.sh ${expected} 60 --
                   ${CMAKE_BINARY_DIR}/boardwalk -M malta -m 128 -nographic
                   -kernel @mips-fuzz/${prog}.elf -icount shift=0,sleep=off)
  set_tests_properties(mipsfuzz_${prog} PROPERTIES TIMEOUT 120 LABELS "baremetal;mipsfuzz")
endforeach()
