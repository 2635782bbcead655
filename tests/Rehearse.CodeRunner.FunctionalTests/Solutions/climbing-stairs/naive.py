def climb_stairs(n):
    # Counts only all-single-steps and all-double-steps climbs.
    return 1 if n % 2 else 2
