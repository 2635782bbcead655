def level_order(root):
    # Depth-first, right child before left.
    levels = []
    def visit(node, depth):
        if node is None:
            return
        if depth == len(levels):
            levels.append([])
        levels[depth].append(node.val)
        visit(node.right, depth + 1)
        visit(node.left, depth + 1)
    visit(root, 0)
    return levels
