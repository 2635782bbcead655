def largest_rectangle_area(heights):
    # Only rectangles of one or two adjacent bars.
    best = max(heights)
    for a, b in zip(heights, heights[1:]):
        best = max(best, 2 * min(a, b))
    return best
