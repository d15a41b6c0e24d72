# Differential bare-metal tests: each tests/guest/arm/<prog>.expected was
# recorded from Debian's qemu-system-arm (tests/guest/record-expected.sh);
# boardwalk must print the same over UART0. The programs come from the cached
# arm-baremetal guest image (images/build.sh builds it on first use).
file(GLOB BW_BAREMETAL_EXPECTED CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/guest/arm/*.expected)
foreach(expected ${BW_BAREMETAL_EXPECTED})
  get_filename_component(prog ${expected} NAME_WE)
  add_test(NAME baremetal_${prog}
           COMMAND ${CMAKE_SOURCE_DIR}/tests/guest/run-compare.sh ${expected} 60 --
                   ${CMAKE_BINARY_DIR}/boardwalk -M versatilepb -m 128 -nographic
                   -kernel @arm-baremetal/${prog}.elf -icount shift=0,sleep=off)
  set_tests_properties(baremetal_${prog} PROPERTIES TIMEOUT 120 LABELS baremetal)
endforeach()
