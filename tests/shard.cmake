# Shards, the campaign's append-only journals, and payload packing (DESIGN.md section 5);
# see the header of farm/test_shard.c for what it asserts.
dwell_add_test(shard_journal farm/test_shard.c)
set_tests_properties(shard_journal PROPERTIES TIMEOUT 120)
