function ladderLength(beginWord, endWord, wordList) {
  const words = new Set(wordList);
  if (!words.has(endWord)) return 0;
  let level = [beginWord], steps = 1;
  const seen = new Set([beginWord]);
  while (level.length) {
    const next = [];
    for (const word of level) {
      if (word === endWord) return steps;
      for (let i = 0; i < word.length; i++) {
        for (let c = 97; c < 123; c++) {
          const w = word.slice(0, i) + String.fromCharCode(c) + word.slice(i + 1);
          if (words.has(w) && !seen.has(w)) { seen.add(w); next.push(w); }
        }
      }
    }
    level = next;
    steps++;
  }
  return 0;
}
