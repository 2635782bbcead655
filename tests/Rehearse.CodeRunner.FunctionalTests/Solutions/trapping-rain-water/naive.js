function trap(height) {
  let water = 0, left = 0;
  for (const h of height) { left = Math.max(left, h); water += left - h; }
  return water;
}
