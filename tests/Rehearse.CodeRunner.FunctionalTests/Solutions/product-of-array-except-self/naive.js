function productExceptSelf(nums) {
  const total = nums.reduce((a, b) => a * b, 1);
  return nums.map((n) => (n ? total / n : 0));
}
