# The pre-screen of IS pairs (issue 16): pair features and the XGBoost classifier/regressor.
dwell_add_test(screen_features screen/test_features.c)
dwell_add_test(screen_xgboost screen/test_screen.c)
# The coarse pass's splitting and its error bound: analytic curved wells, then the two quickstart
# pairs against the full NEB (about 35 s of CPU: the flutter pair's 40-image CI-NEB).
dwell_add_test(screen_coarse_bound screen/test_coarse.c)
# The coarse pass of a pair on the exact triple well (barriers, dV, the bracket of the fine pass).
dwell_add_test(screen_coarse_pass screen/test_coarse_pass.c)
dwell_add_test(screen_coarse_neb_quickstart screen/test_coarse_neb.c ARGS -data ${CMAKE_CURRENT_SOURCE_DIR}/landscape/data)
# dwell neb -neb_coarse on the kink pair: both passes, the discard, a bad option (about 5 s).
add_test(NAME screen_coarse_cmd
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/screen/coarse_cmd.sh ${DWELL_CMD}
                 ${CMAKE_CURRENT_SOURCE_DIR}/landscape/data ${CMAKE_CURRENT_BINARY_DIR}/screen/coarse_cmd)
