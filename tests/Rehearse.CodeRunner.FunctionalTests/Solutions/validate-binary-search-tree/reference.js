function isValidBST(root) {
  const stack = [[root, -Infinity, Infinity]];
  while (stack.length) {
    const [node, low, high] = stack.pop();
    if (!node) continue;
    if (node.val <= low || node.val >= high) return false;
    stack.push([node.left, low, node.val], [node.right, node.val, high]);
  }
  return true;
}
