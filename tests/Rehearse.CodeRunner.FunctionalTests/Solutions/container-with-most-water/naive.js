function maxArea(height) {
  const order = height.map((_, i) => i).sort((a, b) => height[b] - height[a]);
  const [i, j] = order;
  return Math.min(height[i], height[j]) * Math.abs(i - j);
}
