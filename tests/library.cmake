# The double-well library file (issue 7): the parallel writer, value by value, on 3 ranks
# (interleaved unsorted rows, one rank without rows) and on 1.
dwell_add_test(campaign_library_mpi io/test_campaign_library.c RANKS 3)
dwell_add_test(campaign_library io/test_campaign_library.c)
