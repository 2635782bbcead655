function removeNthFromEnd(head, n) {
  let length = 0;
  for (let node = head; node; node = node.next) length++;
  let node = head;
  for (let i = 0; i < Math.max(0, length - n - 1); i++) node = node.next;
  if (node.next) node.next = node.next.next;
  return head;
}
