function coinChange(coins, amount) {
  let count = 0;
  for (const c of [...coins].sort((a, b) => b - a)) { count += Math.floor(amount / c); amount %= c; }
  return amount === 0 ? count : -1;
}
