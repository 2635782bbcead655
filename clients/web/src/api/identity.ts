/**
 * The browser's identity: a random API key made on first use and kept in localStorage. Each key is its own
 * user on the server, so clearing site data starts a fresh history.
 */
const STORAGE_KEY = "rehearse.apiKey";
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

export function apiKey(): string {
  const stored = readStorage();
  if (stored && /^[A-Za-z0-9_-]{32}$/.test(stored)) {
    return stored;
  }
  const key = newApiKey();
  try {
    localStorage.setItem(STORAGE_KEY, key);
  } catch {
    // Storage disabled (private mode settings): the key lasts for this page only.
  }
  return key;
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

function readStorage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
