def remove_nth_from_end(head, n):
    # No dummy node: removing the head itself goes wrong.
    length, node = 0, head
    while node:
        length, node = length + 1, node.next
    node = head
    for _ in range(max(0, length - n - 1)):
        node = node.next
    if node.next:
        node.next = node.next.next
    return head
