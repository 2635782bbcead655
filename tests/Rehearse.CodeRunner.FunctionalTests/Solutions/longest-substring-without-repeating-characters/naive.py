def length_of_longest_substring(s):
    # Moves the start to the repeat's last index even when that is behind the window.
    last, start, best = {}, 0, 0
    for i, ch in enumerate(s):
        if ch in last:
            start = last[ch] + 1
        last[ch] = i
        best = max(best, i - start + 1)
    return best
