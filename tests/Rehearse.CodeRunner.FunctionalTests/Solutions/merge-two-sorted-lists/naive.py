def merge_two_lists(list1, list2):
    # Appends list2 after list1 without merging.
    if list1 is None:
        return list2
    tail = list1
    while tail.next:
        tail = tail.next
    tail.next = list2
    return list1
