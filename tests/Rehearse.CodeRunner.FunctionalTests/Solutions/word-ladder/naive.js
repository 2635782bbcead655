function ladderLength(beginWord, endWord, wordList) {
  if (!wordList.includes(endWord)) return 0;
  let d = 1;
  for (let i = 0; i < beginWord.length; i++) if (beginWord[i] !== endWord[i]) d++;
  return d;
}
