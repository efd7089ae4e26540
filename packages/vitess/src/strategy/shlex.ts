// Shell-style splitting of `@@ddl_strategy` options, as Vitess does with github.com/google/shlex:
// whitespace separates words, single quotes are literal, double quotes allow backslash escapes.
export function shellSplit(input: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < input.length && '"\\$`\n'.includes(input[i + 1]!)) word += input[++i];
      else word += c;
      continue;
    }
    if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === "'" || c === '"') quote = c;
    else if (c === '\\' && i + 1 < input.length) word += input[++i];
    else word += c;
  }
  if (quote) throw new Error('EOF found when expecting closing quote');
  if (inWord) words.push(word);
  return words;
}
