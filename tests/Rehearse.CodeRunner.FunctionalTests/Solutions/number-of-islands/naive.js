function numIslands(grid) {
  let count = 0;
  grid.forEach((row, r) => row.forEach((cell, c) => {
    if (cell === '1' && (r === 0 || grid[r - 1][c] !== '1') && (c === 0 || row[c - 1] !== '1')) count++;
  }));
  return count;
}
