function minDistance(word1, word2) {
  let d = Math.abs(word1.length - word2.length);
  for (let i = 0; i < Math.min(word1.length, word2.length); i++) if (word1[i] !== word2[i]) d++;
  return d;
}
