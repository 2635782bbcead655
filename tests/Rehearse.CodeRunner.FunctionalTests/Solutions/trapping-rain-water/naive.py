def trap(height):
    # Uses only the maximum to the left, as if the right side were always as high.
    water, left = 0, 0
    for h in height:
        left = max(left, h)
        water += left - h
    return water
