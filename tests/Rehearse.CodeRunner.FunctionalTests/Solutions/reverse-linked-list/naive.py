def reverse_list(head):
    # Swaps the first and last values only.
    if head is None:
        return None
    last = head
    while last.next:
        last = last.next
    head.val, last.val = last.val, head.val
    return head
