# The campaign engine end to end (tests/farm/campaign_test.sh; shard journal tests in
# shard.cmake).
foreach(case ranks kill corrupt sigterm bad plan lock dirs collectfail stall gaveup modes elastic pull fast)
  add_test(NAME campaign_${case}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/farm/campaign_test.sh ${case} ${DWELL_CMD}
                   ${PROJECT_SOURCE_DIR})
  set_tests_properties(campaign_${case} PROPERTIES TIMEOUT 600)
endforeach()
