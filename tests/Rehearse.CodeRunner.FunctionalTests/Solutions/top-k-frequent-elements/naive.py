def top_k_frequent(nums, k):
    # Returns the k largest distinct values, not the most frequent.
    return sorted(set(nums), reverse=True)[:k]
