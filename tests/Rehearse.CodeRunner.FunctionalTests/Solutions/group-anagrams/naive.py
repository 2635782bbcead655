def group_anagrams(strs):
    # Keys by the set of letters, so 'aab' and 'abb' land together.
    groups = {}
    for word in strs:
        groups.setdefault(''.join(sorted(set(word))), []).append(word)
    return list(groups.values())
