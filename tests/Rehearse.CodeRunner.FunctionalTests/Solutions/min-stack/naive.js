class MinStack {
  constructor() { this.items = []; this.minimum = null; }
  push(val) { this.items.push(val); this.minimum = this.minimum === null ? val : Math.min(this.minimum, val); }
  pop() { this.items.pop(); }
  top() { return this.items[this.items.length - 1]; }
  getMin() { return this.minimum; }
}
