# U-Boot boot test: Debian's U-Boot 2021.01 for versatilepb (images/versatile-uboot,
# built by images/build.sh on first use) booted from its ELF with -kernel.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME boot_versatilepb_uboot
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/versatilepb_uboot_test.py
                 $<TARGET_FILE:boardwalk> ${CMAKE_SOURCE_DIR}/images/build.sh)
set_tests_properties(boot_versatilepb_uboot PROPERTIES TIMEOUT 600)
