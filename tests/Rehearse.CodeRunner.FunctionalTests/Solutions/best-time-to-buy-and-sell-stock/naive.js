function maxProfit(prices) {
  const top = prices.indexOf(Math.max(...prices));
  return Math.max(0, prices[top] - Math.min(...prices.slice(0, top + 1)));
}
