# Tests of the web build (under emcmake; CTest runs them with node).

# Every unit test runs here as natively (guest floating point is integer
# soft-float; the cross-checks that run host tools are the native-only
# host_tools_tests). Earlier builds wrote a skip list: remove a stale one.
file(REMOVE ${CMAKE_BINARY_DIR}/CTestCustom.cmake)

# Per board: a boot test under node (the wasm core with the page's run loop,
# runner.js) and the end-to-end test in Debian's Chromium through
# playwright-core (npm ci at the repository root; screenshots go to
# build-web/test-output/). A board the core does not have yet is skipped.
foreach(board versatilepb malta)
  add_test(NAME web_node_boot_${board}
           COMMAND ${BW_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/tests/node_boot_test.js ${BW_SITE}
                   ${BW_WEB_IMAGES} ${board})
  add_test(NAME web_chromium_${board}
           COMMAND ${BW_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/tests/browser_test.js ${BW_SITE}
                   ${CMAKE_BINARY_DIR}/test-output ${board})
  set_tests_properties(web_node_boot_${board} web_chromium_${board} PROPERTIES
                       TIMEOUT 900 LABELS web)
endforeach()

# The page's screen, keys and pad (web/tests/screen_browser_test.js): the
# canvas against Debian's QEMU's screendump of the same fbcon text, keys typed
# on the screen into /dev/tty1, pad taps as the handheld's key codes.
add_test(NAME web_chromium_screen
         COMMAND ${BW_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/tests/screen_browser_test.js ${BW_SITE}
                 ${BW_WEB_IMAGES} ${CMAKE_BINARY_DIR}/test-output)
set_tests_properties(web_chromium_screen PROPERTIES TIMEOUT 900 LABELS web)

# The page's sound: malta's AC'97 playing a known tone through the page's
# AudioWorklet (frequency, level and duration of what the page plays).
add_test(NAME web_chromium_sound
         COMMAND ${BW_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/tests/sound_browser_test.js ${BW_SITE})
set_tests_properties(web_chromium_sound PROPERTIES TIMEOUT 600 LABELS web)

# The OpenDingux demo by its URL: it draws, answers the on-screen pad and sounds.
add_test(NAME web_chromium_demo
         COMMAND ${BW_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/tests/demo_browser_test.js ${BW_SITE})
set_tests_properties(web_chromium_demo PROPERTIES TIMEOUT 900 LABELS web)

# Networking in the page (web/tests/net_browser_test.js): the first document's
# U-Boot dhcp/tftpboot/bootm flow on the builtin user network, and both
# WebSocket transports (raw relay; websockify + stream framing) against tiny
# servers the test runs on 127.0.0.1.
foreach(mode uboot relay stream netd)
  add_test(NAME web_chromium_net_${mode}
           COMMAND ${BW_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/tests/net_browser_test.js ${BW_SITE}
                   ${CMAKE_BINARY_DIR}/test-output ${mode})
  set_tests_properties(web_chromium_net_${mode} PROPERTIES TIMEOUT 600 LABELS web)
endforeach()

# The first document's flow in the page through boardwalk-netd with a tap bridged
# to br0 (dnsmasq as the host's DHCP/TFTP), inside a network namespace the test
# creates; uses the native build's boardwalk-netd (./run test builds it first).
if(DEFINED ENV{BOARDWALK_IMAGES})
  set(BW_TAP_IMAGES "$ENV{BOARDWALK_IMAGES}")
else()
  set(BW_TAP_IMAGES "$ENV{HOME}/.cache/boardwalk/images")
endif()
add_test(NAME web_chromium_net_tap
         COMMAND python3 ${CMAKE_SOURCE_DIR}/proxy/tests/netd_uboot_tap_test.py
                 ${CMAKE_SOURCE_DIR}/build/boardwalk ${CMAKE_SOURCE_DIR}/build/boardwalk-netd
                 ${BW_TAP_IMAGES} --browser ${BW_SITE}
                 ${CMAKE_BINARY_DIR}/test-output)
set_tests_properties(web_chromium_net_tap PROPERTIES TIMEOUT 600 LABELS web SKIP_RETURN_CODE 77)

# The page's network helpers under node (web/tests/net_unit_test.js): which TFTP
# names the page may fetch.
add_test(NAME web_node_net_unit
         COMMAND ${BW_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/tests/net_unit_test.js)
set_tests_properties(web_node_net_unit PROPERTIES TIMEOUT 30 LABELS web)
