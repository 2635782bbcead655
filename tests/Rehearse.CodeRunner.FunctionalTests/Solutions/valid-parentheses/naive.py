def is_valid(s):
    # Counts each type, which misses the order of nesting.
    return all(s.count(a) == s.count(b) for a, b in ['()', '[]', '{}'])
