class MinStack {
  constructor() { this.items = []; }
  push(val) { this.items.push([val, this.items.length ? Math.min(val, this.items[this.items.length - 1][1]) : val]); }
  pop() { this.items.pop(); }
  top() { return this.items[this.items.length - 1][0]; }
  getMin() { return this.items[this.items.length - 1][1]; }
}
