def min_distance(word1, word2):
    previous = list(range(len(word2) + 1))
    for i, a in enumerate(word1, 1):
        current = [i] + [0] * len(word2)
        for j, b in enumerate(word2, 1):
            current[j] = previous[j - 1] if a == b else 1 + min(previous[j - 1], previous[j], current[j - 1])
        previous = current
    return previous[-1]
