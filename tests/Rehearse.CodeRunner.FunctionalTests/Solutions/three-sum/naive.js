function threeSum(input) {
  const nums = [...input].sort((a, b) => a - b);
  const result = [];
  for (let i = 0; i < nums.length - 2; i++) {
    let lo = i + 1, hi = nums.length - 1;
    while (lo < hi) {
      const total = nums[i] + nums[lo] + nums[hi];
      if (total < 0) lo++;
      else if (total > 0) hi--;
      else { result.push([nums[i], nums[lo], nums[hi]]); lo++; }
    }
  }
  return result;
}
