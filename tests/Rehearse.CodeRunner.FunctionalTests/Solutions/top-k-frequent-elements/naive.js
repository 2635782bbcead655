function topKFrequent(nums, k) {
  return [...new Set(nums)].sort((a, b) => b - a).slice(0, k);
}
