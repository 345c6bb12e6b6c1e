# Shards, the campaign's append-only journals, and payload packing (DESIGN.md section 5);
# see the header of farm/test_shard.c for what it asserts.
dwell_add_test(shard_journal farm/test_shard.c)
set_tests_properties(shard_journal PROPERTIES TIMEOUT 120)
# NEB and modes records of an older dwell (before r_12, before the path-Hessian columns) read
# back as written (farm/test_payload_r12.c).
dwell_add_test(shard_payload_r12 farm/test_payload_r12.c)
