# boardwalk-netd: synthetic clients on loopback (no guest images needed).
find_package(Python3 REQUIRED COMPONENTS Interpreter)
foreach(t clients bad_clients)
  add_test(NAME netd_${t}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/netd_${t}_test.py
                   $<TARGET_FILE:boardwalk-netd>)
  set_tests_properties(netd_${t} PROPERTIES TIMEOUT 120)
endforeach()
# The page's path: proxy/boardwalk-proxy (netd + websockify) and a WebSocket client.
add_test(NAME netd_websocket
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/netd_websocket_test.py
                 $<TARGET_FILE:boardwalk-netd>)
set_tests_properties(netd_websocket PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77)

# With guests (images from images/build.sh in BOARDWALK_IMAGES or
# ~/.cache/boardwalk/images; a missing image is a skip, exit code 77).
if(DEFINED ENV{BOARDWALK_IMAGES})
  set(BW_NETD_IMAGES "$ENV{BOARDWALK_IMAGES}")
else()
  set(BW_NETD_IMAGES "$ENV{HOME}/.cache/boardwalk/images")
endif()
add_test(NAME netd_guests
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/netd_guests_test.py
                 $<TARGET_FILE:boardwalk> $<TARGET_FILE:boardwalk-netd> ${BW_NETD_IMAGES})
add_test(NAME netd_tap
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/netd_tap_test.py
                 $<TARGET_FILE:boardwalk> $<TARGET_FILE:boardwalk-netd> ${BW_NETD_IMAGES})
add_test(NAME netd_uboot_tap
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/netd_uboot_tap_test.py
                 $<TARGET_FILE:boardwalk> $<TARGET_FILE:boardwalk-netd> ${BW_NETD_IMAGES})
set_tests_properties(netd_guests netd_tap netd_uboot_tap PROPERTIES TIMEOUT 600
                     SKIP_RETURN_CODE 77)
foreach(which malta versatilepb direct)
  add_test(NAME netd_qemu_interop_${which}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/netd_qemu_interop_test.py
                   $<TARGET_FILE:boardwalk> $<TARGET_FILE:boardwalk-netd> ${BW_NETD_IMAGES}
                   ${which})
  set_tests_properties(netd_qemu_interop_${which} PROPERTIES TIMEOUT 900 SKIP_RETURN_CODE 77)
endforeach()
