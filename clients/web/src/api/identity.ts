/**
 * Who this browser is to the server. By default a random API key made on first use and kept in localStorage
 * (each key is its own user, so clearing site data starts a fresh history, unless the key was kept: pasting it
 * back, or on another device, brings the history back). When the server requires registered keys the page asks
 * for one instead of making one; when it requires sign-in through an identity provider the sign-in cookie
 * identifies the page and no key is sent.
 */
const STORAGE_KEY = "rehearse.apiKey";
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** How the server identifies people, as GET /account says. */
export type AccountMode = "anonymous-key" | "registered-key" | "openid-connect";

export interface AccountStatus {
  readonly mode: AccountMode;
  /** Signed in through the identity provider (openid-connect only). */
  readonly signedIn: boolean;
  readonly name: string | null;
}

/** Until the server has answered, the page behaves as it always did: it makes a key. */
let status: AccountStatus = { mode: "anonymous-key", signedIn: false, name: null };

export function accountStatus(): AccountStatus {
  return status;
}

/** Asks the server how it identifies people; keeps the anonymous default when it cannot be reached. */
export async function loadAccountStatus(): Promise<AccountStatus> {
  try {
    const response = await fetch("/account", { headers: { accept: "application/json" }, cache: "no-store" });
    if (response.ok) {
      status = (await response.json()) as AccountStatus;
    }
  } catch {
    // The first gRPC call reports the unreachable server in words; nothing to add here.
  }
  return status;
}

/** The same rule as the server: 16 to 128 letters, digits, '-' and '_'. */
export function isWellFormedKey(key: string): boolean {
  return /^[A-Za-z0-9_-]{16,128}$/.test(key);
}

/** The key stored in this browser, if any. */
export function storedKey(): string | undefined {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored && isWellFormedKey(stored) ? stored : undefined;
  } catch {
    return pageOnlyKey;
  }
}

/** Used when storage is disabled (private mode settings): the key lasts for this page only. */
let pageOnlyKey: string | undefined;

/**
 * The key to send: the stored one; with anonymous keys a new one is made and kept. Undefined when the page must
 * not make one (registered keys, or sign-in, which needs none).
 */
export function apiKey(): string | undefined {
  if (status.mode === "openid-connect") {
    return undefined;
  }
  const stored = storedKey();
  if (stored || status.mode === "registered-key") {
    return stored;
  }
  const key = newApiKey();
  useKey(key);
  return key;
}

/** Keeps a key in this browser: from now on the page is that key's user. */
export function useKey(key: string): void {
  pageOnlyKey = key;
  try {
    localStorage.setItem(STORAGE_KEY, key);
  } catch {
    // Storage disabled: pageOnlyKey serves for this page.
  }
}

/** Forgets the key in this browser (the user and their interviews stay on the server, reachable with the key). */
export function forgetKey(): void {
  pageOnlyKey = undefined;
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored.
  }
}

/** 32 URL-safe characters from the platform's cryptographic random source (6 bits each, no modulo bias). */
export function newApiKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let key = "";
  for (const byte of bytes) {
    key += ALPHABET[byte & 63];
  }
  return key;
}
