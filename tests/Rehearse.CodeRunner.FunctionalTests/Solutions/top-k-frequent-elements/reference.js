function topKFrequent(nums, k) {
  const counts = new Map();
  for (const n of nums) counts.set(n, (counts.get(n) || 0) + 1);
  const buckets = Array.from({ length: nums.length + 1 }, () => []);
  for (const [value, count] of counts) buckets[count].push(value);
  const result = [];
  for (let f = buckets.length - 1; f >= 0 && result.length < k; f--) result.push(...buckets[f]);
  return result.slice(0, k);
}
