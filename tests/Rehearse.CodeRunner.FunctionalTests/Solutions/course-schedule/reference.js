function canFinish(numCourses, prerequisites) {
  const after = Array.from({ length: numCourses }, () => []);
  const needs = new Array(numCourses).fill(0);
  for (const [course, before] of prerequisites) { after[before].push(course); needs[course]++; }
  const ready = [];
  needs.forEach((n, c) => { if (n === 0) ready.push(c); });
  let taken = 0;
  while (ready.length) {
    const course = ready.pop();
    taken++;
    for (const next of after[course]) if (--needs[next] === 0) ready.push(next);
  }
  return taken === numCourses;
}
