def product_except_self(nums):
    # Divides the total product, which breaks on zeros.
    total = 1
    for n in nums:
        total *= n
    return [total // n if n else 0 for n in nums]
