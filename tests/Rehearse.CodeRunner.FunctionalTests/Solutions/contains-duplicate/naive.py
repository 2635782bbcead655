def contains_duplicate(nums):
    # Compares only neighbours without sorting first.
    return any(nums[i] == nums[i + 1] for i in range(len(nums) - 1))
