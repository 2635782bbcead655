function maxDepth(root) {
  let depth = 0;
  for (; root; root = root.left) depth++;
  return depth;
}
