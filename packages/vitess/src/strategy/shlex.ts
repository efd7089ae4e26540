// Word splitting of `@@ddl_strategy` options exactly as github.com/google/shlex does it (Vitess
// splits with shlex.Split), which is not POSIX sh:
//   - only space, tab, CR and LF separate words; any other character (a no-break space, a form feed)
//     is part of a word;
//   - a backslash outside quotes takes the next character literally; inside double quotes it does
//     the same for *any* character, so "x\yz" is `xyz` (sh would keep the backslash);
//   - single quotes are literal to the next single quote;
//   - `#` at the start of a word begins a comment that runs to the end of the line; inside a word
//     (`a#b`) it is an ordinary character;
//   - input ending inside quotes or right after a backslash is an error, and Split then returns the
//     words completed before the broken one.

/** A shlex.Split error; `words` are the words Split returns alongside it. */
export class ShlexError extends Error {
  constructor(message: string, readonly words: readonly string[]) {
    super(message);
    this.name = 'ShlexError';
  }
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';

type State = 'start' | 'word' | 'escape' | 'quotedEscape' | 'double' | 'single' | 'comment';

/** shlex.Split; throws ShlexError where Split returns an error. */
export function shellSplit(input: string): string[] {
  const words: string[] = [];
  let state: State = 'start';
  let word = '';
  // Iterating by code point, as Go reads runes: a surrogate pair is one character.
  for (const c of input) {
    switch (state) {
      case 'start':
        if (isSpace(c)) break;
        if (c === '"') state = 'double';
        else if (c === "'") state = 'single';
        else if (c === '\\') state = 'escape';
        else if (c === '#') state = 'comment';
        else {
          word = c;
          state = 'word';
        }
        break;
      case 'word':
        if (isSpace(c)) {
          words.push(word);
          word = '';
          state = 'start';
        } else if (c === '"') state = 'double';
        else if (c === "'") state = 'single';
        else if (c === '\\') state = 'escape';
        else word += c;
        break;
      case 'escape':
        word += c;
        state = 'word';
        break;
      case 'quotedEscape':
        word += c;
        state = 'double';
        break;
      case 'double':
        if (c === '"') state = 'word';
        else if (c === '\\') state = 'quotedEscape';
        else word += c;
        break;
      case 'single':
        if (c === "'") state = 'word';
        else word += c;
        break;
      case 'comment':
        // Only a line feed ends a comment; the comment itself is dropped.
        if (c === '\n') state = 'start';
        break;
    }
  }
  switch (state) {
    case 'word':
      words.push(word);
      break;
    case 'escape':
    case 'quotedEscape':
      throw new ShlexError('EOF found after escape character', words);
    case 'double':
    case 'single':
      throw new ShlexError('EOF found when expecting closing quote', words);
    case 'start':
    case 'comment':
      break;
  }
  return words;
}

/** What Vitess does with shlex.Split's result: ignore the error and keep the words it returned. */
export function shellSplitLenient(input: string): readonly string[] {
  try {
    return shellSplit(input);
  } catch (err) {
    if (err instanceof ShlexError) return err.words;
    throw err;
  }
}
