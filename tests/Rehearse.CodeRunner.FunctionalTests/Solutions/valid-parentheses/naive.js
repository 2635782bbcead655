function isValid(s) {
  const count = (c) => s.split(c).length - 1;
  return count('(') === count(')') && count('[') === count(']') && count('{') === count('}');
}
