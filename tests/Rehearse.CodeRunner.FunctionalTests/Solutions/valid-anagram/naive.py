def is_anagram(s, t):
    # Compares the sets of letters, ignoring how often each appears.
    return set(s) == set(t)
