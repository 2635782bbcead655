function dailyTemperatures(temperatures) {
  return temperatures.map((t, i) => (i + 1 < temperatures.length && temperatures[i + 1] > t ? 1 : 0));
}
