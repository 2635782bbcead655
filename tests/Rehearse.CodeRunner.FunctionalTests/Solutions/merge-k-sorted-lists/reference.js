function mergeKLists(lists) {
  const mergeTwo = (a, b) => {
    const dummy = new ListNode();
    let tail = dummy;
    while (a && b) {
      if (a.val <= b.val) { tail.next = a; a = a.next; } else { tail.next = b; b = b.next; }
      tail = tail.next;
    }
    tail.next = a || b;
    return dummy.next;
  };
  let current = lists.filter(Boolean);
  if (current.length === 0) return null;
  while (current.length > 1) {
    const next = [];
    for (let i = 0; i < current.length; i += 2) next.push(i + 1 < current.length ? mergeTwo(current[i], current[i + 1]) : current[i]);
    current = next;
  }
  return current[0];
}
