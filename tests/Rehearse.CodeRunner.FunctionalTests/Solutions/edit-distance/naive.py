def min_distance(word1, word2):
    # Counts differing positions plus the length difference, ignoring shifts.
    return sum(a != b for a, b in zip(word1, word2)) + abs(len(word1) - len(word2))
