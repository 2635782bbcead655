function canFinish(numCourses, prerequisites) {
  const pairs = new Set(prerequisites.map(([a, b]) => `${a},${b}`));
  return !prerequisites.some(([a, b]) => pairs.has(`${b},${a}`));
}
