function largestRectangleArea(heights) {
  let best = Math.max(...heights);
  for (let i = 1; i < heights.length; i++) best = Math.max(best, 2 * Math.min(heights[i - 1], heights[i]));
  return best;
}
