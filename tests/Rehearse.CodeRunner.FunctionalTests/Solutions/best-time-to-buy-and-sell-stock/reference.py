def max_profit(prices):
    lowest, best = float('inf'), 0
    for price in prices:
        lowest = min(lowest, price)
        best = max(best, price - lowest)
    return best
