function twoSum(nums, target) {
  const index = new Map(nums.map((v, i) => [v, i]));
  for (let i = 0; i < nums.length; i++) {
    if (index.has(target - nums[i])) return [i, index.get(target - nums[i])];
  }
  return [];
}
