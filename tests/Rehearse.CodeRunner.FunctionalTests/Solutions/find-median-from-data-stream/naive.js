class MedianFinder {
  constructor() { this.values = []; }
  addNum(num) { this.values.push(num); }
  findMedian() {
    const n = this.values.length;
    return n % 2 ? this.values[(n - 1) / 2] : (this.values[n / 2 - 1] + this.values[n / 2]) / 2;
  }
}
