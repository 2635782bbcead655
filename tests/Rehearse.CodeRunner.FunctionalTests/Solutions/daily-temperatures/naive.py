def daily_temperatures(temperatures):
    # Looks only at the next day.
    return [1 if i + 1 < len(temperatures) and temperatures[i + 1] > t else 0 for i, t in enumerate(temperatures)]
