function mergeTwoLists(list1, list2) {
  if (!list1) return list2;
  let tail = list1;
  while (tail.next) tail = tail.next;
  tail.next = list2;
  return list1;
}
