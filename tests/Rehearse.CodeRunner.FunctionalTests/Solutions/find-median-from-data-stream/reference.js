class MedianFinder {
  constructor() { this.values = []; }
  addNum(num) {
    // Binary insertion keeps the values sorted (O(n) moves, fine for these sizes).
    let lo = 0, hi = this.values.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.values[mid] < num) lo = mid + 1; else hi = mid; }
    this.values.splice(lo, 0, num);
  }
  findMedian() {
    const n = this.values.length;
    return n % 2 ? this.values[(n - 1) / 2] : (this.values[n / 2 - 1] + this.values[n / 2]) / 2;
  }
}
