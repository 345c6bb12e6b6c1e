# Swap Monte Carlo (issue 3): energy changes from per-particle energies, detailed balance,
# hybrid swap vs plain MD, determinism, bookkeeping and bad input.
dwell_add_test(swap_energy_pss dynamics/test_swap_energy.c ARGS -model pss -n 300 -swap_skin 0.3)
dwell_add_test(swap_energy_tlj dynamics/test_swap_energy.c ARGS -model tlj -n 500 -swap_skin 0.3)
dwell_add_test(swap_energy_ka2 dynamics/test_swap_energy.c ARGS -model ka2 -n 400 -swap_skin 0.3)
dwell_add_test(swap_detailed_balance dynamics/test_swap_physics.c ARGS -check balance)
dwell_add_test(swap_hybrid_vs_md dynamics/test_swap_physics.c ARGS -check hybrid)
# The ternary model's species swaps (issue 12): translation-only vs swap + translation MC,
# and swap-only MC against the exact distribution of one B and one C among A particles.
dwell_add_test(swap_detailed_balance_ka2 dynamics/test_swap_physics.c ARGS -check balance
               -model ka2 -n 250 -T 2.0 -md_equil 20 -equil 500 -samples 800 -every 20
               -fraction 0.2 -blocks 10)
dwell_add_test(swap_exact_ka2 dynamics/test_swap_physics.c ARGS -check exact)
dwell_add_test(swap_determinism_and_input dynamics/test_swap_api.c)
