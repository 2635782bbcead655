function reverseList(head) {
  if (!head) return null;
  let last = head;
  while (last.next) last = last.next;
  [head.val, last.val] = [last.val, head.val];
  return head;
}
