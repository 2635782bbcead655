from collections import deque

def can_finish(num_courses, prerequisites):
    after = [[] for _ in range(num_courses)]
    needs = [0] * num_courses
    for course, before in prerequisites:
        after[before].append(course)
        needs[course] += 1
    ready = deque(c for c in range(num_courses) if needs[c] == 0)
    taken = 0
    while ready:
        course = ready.popleft()
        taken += 1
        for nxt in after[course]:
            needs[nxt] -= 1
            if needs[nxt] == 0:
                ready.append(nxt)
    return taken == num_courses
