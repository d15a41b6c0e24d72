# Differential bare-metal tests on malta: each tests/guest/mips/<prog>.expected was recorded
# from Debian's qemu-system-mipsel -M malta (tests/guest/record-expected-mips.sh); boardwalk
# must print the same over the 0x3f8 UART. bios_* programs run from the flash (-bios). The programs come from the cached mips-baremetal
# guest image (images/build.sh builds it on first use).
file(GLOB BW_MIPS_BAREMETAL_EXPECTED CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/guest/mips/*.expected)
foreach(expected ${BW_MIPS_BAREMETAL_EXPECTED})
  get_filename_component(prog ${expected} NAME_WE)
  # bios_* programs are flash images (-bios, words swapped), the others ELF kernels.
  if(prog MATCHES "^bios_")
    set(load -bios @mips-baremetal/${prog}.bin)
  else()
    set(load -kernel @mips-baremetal/${prog}.elf)
  endif()
  add_test(NAME baremetal_mips_${prog}
           COMMAND ${CMAKE_SOURCE_DIR}/tests/guest/run-compare.sh ${expected} 60 --
                   ${CMAKE_BINARY_DIR}/boardwalk -M malta -m 128 -nographic ${load}
                   -icount shift=0,sleep=off)
  set_tests_properties(baremetal_mips_${prog} PROPERTIES TIMEOUT 120 LABELS baremetal)
endforeach()
