# malta boot tests: the second source document's command line reaches the shell in the
# squashfs root (with in-guest wiring checks), and Debian's 4kc-malta kernel reaches its
# initramfs shell, and the disk boot with the default pcnet NIC passes network checks
# (DHCP, wget md5, hostfwd). Images come from images/build.sh (malta-linux, malta-rootfs,
# malta-debian-kernel), found in BOARDWALK_IMAGES or ~/.cache/boardwalk/images.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
if(DEFINED ENV{BOARDWALK_IMAGES})
  set(BW_MALTA_IMAGES "$ENV{BOARDWALK_IMAGES}")
else()
  set(BW_MALTA_IMAGES "$ENV{HOME}/.cache/boardwalk/images")
endif()
foreach(which opendingux debian pcnet)
  add_test(NAME boot_malta_${which}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/malta_boot_test.py
                   $<TARGET_FILE:boardwalk> ${BW_MALTA_IMAGES} ${which})
  set_tests_properties(boot_malta_${which} PROPERTIES TIMEOUT 600 LABELS boot)
endforeach()

# Debian's maltael U-Boot from -bios: dhcp, tftpboot of the malta kernel uImage, iminfo,
# ping, bootm to the disk's shell (images malta-uboot, malta-netboot, malta-rootfs, built
# by images/build.sh on first use).
add_test(NAME boot_malta_uboot
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/malta_uboot_test.py
                 $<TARGET_FILE:boardwalk> ${CMAKE_SOURCE_DIR}/images/build.sh)
set_tests_properties(boot_malta_uboot PROPERTIES TIMEOUT 600 LABELS boot)

# The second source document's network (-net nic,model=e1000 -net user) from inside the
# guest: DHCP lease, wget md5, hostfwd round trip, TSO upload, e1000 at 00:12.0.
add_test(NAME boot_malta_e1000
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/malta_e1000_test.py
                 $<TARGET_FILE:boardwalk> ${BW_MALTA_IMAGES})
set_tests_properties(boot_malta_e1000 PROPERTIES TIMEOUT 900 LABELS boot)

# The Cirrus VGA against QEMU: the disk boot in qemu-system-mipsel and in boardwalk, fbcon
# text, a 5:6:5 pattern on /dev/fb0 and a BitBLT scroll, screendumps equal pixel for pixel
# (skipped when qemu-system-mipsel is not installed).
add_test(NAME boot_malta_display
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/malta_display_test.py
                 $<TARGET_FILE:boardwalk> ${BW_MALTA_IMAGES})
set_tests_properties(boot_malta_display PROPERTIES TIMEOUT 900 LABELS boot)
# The same scene in cirrusfb's other depths and sizes (8, 16 and 24 bpp; the 5446 refuses 32).
foreach(mode 640x480-8@60 1024x768-16@60 800x600-24@60)
  string(REGEX REPLACE "[^0-9a-z]" "_" name ${mode})
  add_test(NAME boot_malta_display_${name}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/malta_display_test.py
                   $<TARGET_FILE:boardwalk> ${BW_MALTA_IMAGES} --video ${mode})
  set_tests_properties(boot_malta_display_${name} PROPERTIES TIMEOUT 900 LABELS boot)
endforeach()
# Sound on malta (-device AC97, the ICH AC'97 with its STAC9700) against QEMU: ALSA probe
# lines and /proc/asound/cards, then a 500 Hz OSS tone captured with -audiodev wav on both.
add_test(NAME boot_malta_sound
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/sound_boot_test.py
                 $<TARGET_FILE:boardwalk> ${BW_MALTA_IMAGES} malta)
set_tests_properties(boot_malta_sound PROPERTIES TIMEOUT 600 LABELS boot)
# QEMU's USB HID devices on the PIIX4 UHCI (-usbdevice keyboard -usbdevice tablet): Linux
# enumerates them as under QEMU (1-1, a hub at 1-2, the tablet at 1-2.1, IRQ 11), and keys
# and pointer events from QMP reach /dev/input/eventN; "keys": 137 QKeyCodes give the evdev
# events QEMU gives (tests/boot/data/malta_usb_keys.json, recorded from QEMU 7.2); "mouse":
# usb-mouse motion, buttons and wheel as QEMU.
add_test(NAME boot_malta_usb
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/malta_usb_test.py
                 $<TARGET_FILE:boardwalk> ${BW_MALTA_IMAGES})
set_tests_properties(boot_malta_usb PROPERTIES TIMEOUT 600 LABELS boot)
add_test(NAME boot_malta_usb_keys
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/malta_usb_test.py
                 $<TARGET_FILE:boardwalk> ${BW_MALTA_IMAGES} keys)
set_tests_properties(boot_malta_usb_keys PROPERTIES TIMEOUT 900 LABELS boot)
add_test(NAME boot_malta_usb_mouse
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/malta_usb_test.py
                 $<TARGET_FILE:boardwalk> ${BW_MALTA_IMAGES} mouse)
set_tests_properties(boot_malta_usb_mouse PROPERTIES TIMEOUT 600 LABELS boot)

# -accel blocks runs the machine -accel interp runs: under -icount both boots
# print the same console log byte for byte (tests/boot/accel_equal_test.py).
foreach(which disk debian)
  add_test(NAME boot_malta_accel_${which}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/boot/accel_equal_test.py
                   $<TARGET_FILE:boardwalk> ${BW_MALTA_IMAGES} ${which})
  set_tests_properties(boot_malta_accel_${which} PROPERTIES TIMEOUT 600 LABELS boot)
endforeach()
