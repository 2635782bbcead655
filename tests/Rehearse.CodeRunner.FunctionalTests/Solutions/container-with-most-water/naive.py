def max_area(height):
    # Only ever tries the two tallest lines.
    order = sorted(range(len(height)), key=lambda i: -height[i])
    i, j = order[0], order[1]
    return min(height[i], height[j]) * abs(i - j)
