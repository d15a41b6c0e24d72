# boardwalk-netd: synthetic clients on loopback (no guest images needed).
find_package(Python3 REQUIRED COMPONENTS Interpreter)
foreach(t clients bad_clients)
  add_test(NAME netd_${t}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/netd_${t}_test.py
                   $<TARGET_FILE:boardwalk-netd>)
  set_tests_properties(netd_${t} PROPERTIES TIMEOUT 120)
endforeach()
