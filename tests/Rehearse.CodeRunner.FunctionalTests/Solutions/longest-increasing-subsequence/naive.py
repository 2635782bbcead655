def length_of_lis(nums):
    # Longest increasing run of adjacent elements, not a subsequence.
    best = run = 1
    for a, b in zip(nums, nums[1:]):
        run = run + 1 if b > a else 1
        best = max(best, run)
    return best
