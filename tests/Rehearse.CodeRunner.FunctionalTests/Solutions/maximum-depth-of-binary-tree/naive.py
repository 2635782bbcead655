def max_depth(root):
    # Follows only the left children.
    depth = 0
    while root:
        depth += 1
        root = root.left
    return depth
