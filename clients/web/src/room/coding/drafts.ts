/**
 * The candidate's code as they type it, kept in the browser (localStorage) per session, question and language, so
 * a reload or a lost tab does not lose it. Drafts of finished interviews are of no more use: drafts older than
 * DRAFT_MAX_AGE_MS are dropped whenever one is saved, so the storage does not fill up over months of practice.
 */
const PREFIX = "rehearse.code.";
export const DRAFT_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/** The part of the Web Storage API drafts need (the unit tests pass a Map-backed one). */
export interface DraftStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface DraftKey {
  readonly sessionId: string;
  readonly turnIndex: number;
  readonly language: string;
}

interface StoredDraft {
  readonly code: string;
  readonly savedAt: number;
}

export class Drafts {
  constructor(
    private readonly storage: DraftStorage | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** The saved code, or undefined when there is none (or storage is unavailable). */
  load(key: DraftKey): string | undefined {
    const stored = this.read(storageKey(key));
    return stored?.code;
  }

  save(key: DraftKey, code: string): void {
    if (!this.storage) {
      return;
    }
    this.dropStale();
    try {
      this.storage.setItem(storageKey(key), JSON.stringify({ code, savedAt: this.now() } satisfies StoredDraft));
    } catch {
      // Storage full or disabled (private browsing): the draft lives on in the editor only.
    }
  }

  clear(key: DraftKey): void {
    this.storage?.removeItem(storageKey(key));
  }

  private read(key: string): StoredDraft | undefined {
    const raw = this.storage?.getItem(key);
    if (!raw) {
      return undefined;
    }
    try {
      const value = JSON.parse(raw) as Partial<StoredDraft>;
      return typeof value.code === "string" && typeof value.savedAt === "number" ? { code: value.code, savedAt: value.savedAt } : undefined;
    } catch {
      return undefined;
    }
  }

  private dropStale(): void {
    const storage = this.storage!;
    const stale: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(PREFIX)) {
        const draft = this.read(key);
        if (!draft || this.now() - draft.savedAt > DRAFT_MAX_AGE_MS) {
          stale.push(key);
        }
      }
    }
    stale.forEach((key) => storage.removeItem(key));
  }
}

function storageKey({ sessionId, turnIndex, language }: DraftKey): string {
  return `${PREFIX}${sessionId}.${turnIndex}.${language}`;
}

/** The page's localStorage, or undefined where the browser refuses it. */
export function browserDraftStorage(): DraftStorage | undefined {
  try {
    return (globalThis as { localStorage?: DraftStorage }).localStorage;
  } catch {
    return undefined;
  }
}
