function largestRectangleArea(heights) {
  const stack = [];
  let best = 0;
  [...heights, 0].forEach((h, i) => {
    let start = i;
    while (stack.length && stack[stack.length - 1][1] >= h) {
      const [s, height] = stack.pop();
      best = Math.max(best, height * (i - s));
      start = s;
    }
    stack.push([start, h]);
  });
  return best;
}
