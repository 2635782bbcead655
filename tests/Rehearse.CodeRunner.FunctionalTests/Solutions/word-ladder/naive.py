def ladder_length(begin_word, end_word, word_list):
    # Assumes each differing letter can be fixed directly, ignoring the word list's path.
    if end_word not in word_list:
        return 0
    return 1 + sum(a != b for a, b in zip(begin_word, end_word))
