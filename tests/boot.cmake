# Boot tests: real guest images (built by images/build.sh, found through
# BOARDWALK_IMAGES or ~/.cache/boardwalk/images) boot to a shell.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(BW_IMAGES_DEFAULT "$ENV{HOME}/.cache/boardwalk/images")
add_test(NAME boot_versatilepb_linux
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/versatilepb_boot_test.py
                 $<TARGET_FILE:boardwalk> ${BW_IMAGES_DEFAULT})
set_tests_properties(boot_versatilepb_linux PROPERTIES TIMEOUT 600)

# The CLCD and KMIs (versatilepb) and the i8042 (malta) as the guest kernels find them.
add_test(NAME boot_display_input
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/display_input_boot_test.py
                 $<TARGET_FILE:boardwalk> ${BW_IMAGES_DEFAULT})
set_tests_properties(boot_display_input PROPERTIES TIMEOUT 900)

# Against Debian's QEMU side by side: fbcon screendumps on the PL110 pixel for pixel,
# sendkey/mouse through the KMIs (versatilepb) and the i8042 (malta) to tty1,
# /dev/input/mice and (with evdev kernels) the input_event records.
add_test(NAME boot_versatilepb_screen
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/versatilepb_screen_test.py
                 $<TARGET_FILE:boardwalk> ${BW_IMAGES_DEFAULT})
set_tests_properties(boot_versatilepb_screen PROPERTIES TIMEOUT 900)
add_test(NAME boot_malta_input
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/malta_input_test.py
                 $<TARGET_FILE:boardwalk> ${BW_IMAGES_DEFAULT})
set_tests_properties(boot_malta_input PROPERTIES TIMEOUT 900)

# Sound on versatilepb (PL041 AACI + LM4549) against QEMU: ALSA probe lines and
# /proc/asound/cards, then a 500 Hz OSS tone captured with -audiodev wav on both.
add_test(NAME boot_versatilepb_sound
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/sound_boot_test.py
                 $<TARGET_FILE:boardwalk> ${BW_IMAGES_DEFAULT} versatilepb)
set_tests_properties(boot_versatilepb_sound PROPERTIES TIMEOUT 600 LABELS boot)
# The OpenDingux-style demo disk (images/malta-demo): Powermanga on the Cirrus
# framebuffer at 320x240x16 (intro, menu, sendkey ret starts a game) with AC'97
# sound in the -audiodev wav file. Needs the Cirrus VGA, the AC'97 and the USB
# keyboard on malta.
add_test(NAME boot_malta_demo
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/malta_demo_test.py
                 $<TARGET_FILE:boardwalk> ${BW_IMAGES_DEFAULT})
set_tests_properties(boot_malta_demo PROPERTIES TIMEOUT 900)

# -accel blocks runs the machine -accel interp runs (tests/boot/accel_equal_test.py):
# under -icount both boots print the same console log byte for byte.
add_test(NAME boot_versatilepb_accel
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/accel_equal_test.py
                 $<TARGET_FILE:boardwalk> ${BW_IMAGES_DEFAULT} versatilepb)
set_tests_properties(boot_versatilepb_accel PROPERTIES TIMEOUT 600 LABELS boot)
