def is_palindrome(s):
    # Keeps letters only, so digits are dropped.
    t = [c.lower() for c in s if c.isalpha()]
    return t == t[::-1]
