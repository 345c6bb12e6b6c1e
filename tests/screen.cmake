# The pre-screen of IS pairs (issue 16): pair features and the XGBoost classifier/regressor.
dwell_add_test(screen_features screen/test_features.c)
dwell_add_test(screen_xgboost screen/test_screen.c)
dwell_add_test(screen_coarse_bound screen/test_coarse.c)
