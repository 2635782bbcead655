def max_profit(prices):
    # Sells at the overall maximum after buying at the overall minimum, ignoring the order of days.
    return max(0, max(prices) - min(prices[:prices.index(max(prices)) + 1]))
