function climbStairs(n) {
  return n % 2 ? 1 : 2;
}
