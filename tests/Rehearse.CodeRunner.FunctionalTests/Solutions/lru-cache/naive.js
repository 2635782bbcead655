class LRUCache {
  constructor(capacity) { this.capacity = capacity; this.items = new Map(); }
  get(key) { return this.items.has(key) ? this.items.get(key) : -1; }
  put(key, value) {
    if (!this.items.has(key) && this.items.size >= this.capacity) this.items.delete(this.items.keys().next().value);
    this.items.set(key, value);
  }
}
