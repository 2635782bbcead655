import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DRAFT_MAX_AGE_MS, Drafts, type DraftStorage } from "../../src/room/coding/drafts.js";

class MemoryStorage implements DraftStorage {
  readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const key = { sessionId: "s1", turnIndex: 2, language: "python" };

describe("Drafts", () => {
  it("gives back the code saved for the same session, turn and language, and nothing for another", () => {
    const storage = new MemoryStorage();
    const drafts = new Drafts(storage);

    drafts.save(key, "def f():\n    return 1\n");

    assert.equal(new Drafts(storage).load(key), "def f():\n    return 1\n");
    assert.equal(drafts.load({ ...key, turnIndex: 3 }), undefined);
    assert.equal(drafts.load({ ...key, language: "javascript" }), undefined);
    assert.equal(drafts.load({ ...key, sessionId: "s2" }), undefined);
  });

  it("drops drafts older than a week when it saves, and leaves other keys alone", () => {
    const storage = new MemoryStorage();
    let now = 1_000_000;
    const drafts = new Drafts(storage, () => now);
    drafts.save(key, "old");
    storage.setItem("rehearse.apiKey", "k");
    storage.setItem("rehearse.code.broken", "{not json");

    now += DRAFT_MAX_AGE_MS + 1;
    drafts.save({ ...key, turnIndex: 4 }, "new");

    assert.equal(drafts.load(key), undefined);
    assert.equal(drafts.load({ ...key, turnIndex: 4 }), "new");
    assert.equal(storage.getItem("rehearse.apiKey"), "k");
    assert.equal(storage.getItem("rehearse.code.broken"), null);
  });

  it("clears a draft, and works without storage", () => {
    const storage = new MemoryStorage();
    const drafts = new Drafts(storage);
    drafts.save(key, "x");
    drafts.clear(key);
    assert.equal(drafts.load(key), undefined);

    const none = new Drafts(undefined);
    none.save(key, "x");
    assert.equal(none.load(key), undefined);
  });

  it("keeps working when storage refuses to save", () => {
    const storage = new MemoryStorage();
    storage.setItem = () => {
      throw new Error("QuotaExceededError");
    };
    assert.doesNotThrow(() => new Drafts(storage).save(key, "x"));
  });
});
