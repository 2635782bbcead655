class MedianFinder:
    # Reports the middle of the values in arrival order, without sorting.
    def __init__(self):
        self.values = []

    def add_num(self, num):
        self.values.append(num)

    def find_median(self):
        n = len(self.values)
        return self.values[n // 2] if n % 2 else (self.values[n // 2 - 1] + self.values[n // 2]) / 2
