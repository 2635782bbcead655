def two_sum(nums, target):
    # Stores everything first, so an element can pair with itself.
    index = {value: i for i, value in enumerate(nums)}
    for i, value in enumerate(nums):
        if target - value in index:
            return [i, index[target - value]]
    return []
