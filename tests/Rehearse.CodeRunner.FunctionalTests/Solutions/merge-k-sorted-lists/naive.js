function mergeKLists(lists) {
  const dummy = new ListNode();
  let tail = dummy;
  for (const node of lists) { tail.next = node; while (tail.next) tail = tail.next; }
  return dummy.next;
}
