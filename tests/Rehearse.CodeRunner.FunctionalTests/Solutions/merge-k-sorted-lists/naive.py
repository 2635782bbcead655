def merge_k_lists(lists):
    # Concatenates the lists without merging.
    dummy = tail = ListNode()
    for node in lists:
        tail.next = node
        while tail.next:
            tail = tail.next
    return dummy.next
