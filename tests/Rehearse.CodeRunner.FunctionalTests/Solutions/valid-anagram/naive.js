function isAnagram(s, t) {
  const a = new Set(s), b = new Set(t);
  return a.size === b.size && [...a].every((c) => b.has(c));
}
