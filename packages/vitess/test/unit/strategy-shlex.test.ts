// The word splitter against google/shlex's behaviour: its own test string (shlex_test.go) and the
// rules that differ from a POSIX shell, which Vitess inherits for `@@ddl_strategy` options.
import { describe, expect, it } from 'vitest';
import { shellSplit, shellSplitLenient, ShlexError } from '../../src/strategy/shlex.js';

describe('shellSplit', () => {
  it("splits google/shlex's own test string the way its TestSplit expects", () => {
    const input = 'one two "three four" "five \\"six\\"" seven#eight # nine # ten\n eleven \'twelve\\\' thirteen=13 fourteen/14';
    expect(shellSplit(input)).toEqual(['one', 'two', 'three four', 'five "six"', 'seven#eight', 'eleven', 'twelve\\', 'thirteen=13', 'fourteen/14']);
  });

  it.each<[string, string[]]>([
    ['', []],
    [' \t\r\n ', []],
    ['a  b\tc\r\nd', ['a', 'b', 'c', 'd']],
    // Only ASCII space, tab, CR and LF separate words: a no-break space, form feed or vertical tab is a word character.
    ['a\u00a0b c', ['a\u00a0b', 'c']],
    ['a\fb\vc', ['a\fb\vc']],
    ['\u2003x', ['\u2003x']],
    // Quotes group and can sit inside a word; empty quotes make an empty word.
    ['--b="x y"', ['--b=x y']],
    ["'c d'", ['c d']],
    ['a""b', ['ab']],
    ["a '' b", ['a', '', 'b']],
    ['""', ['']],
    ['"a\'b"', ["a'b"]],
    ["'a\"b'", ['a"b']],
    // Single quotes are literal, backslash included.
    ["'a\\'", ['a\\']],
    ["'\\n'", ['\\n']],
    // Outside quotes a backslash takes the next character literally.
    ['e\\ f', ['e f']],
    ['x\\yz', ['xyz']],
    ['\\"x', ['"x']],
    ['\\\\', ['\\']],
    // Inside double quotes it does the same for any character, unlike sh, which keeps `\y`.
    ['"x\\yz"', ['xyz']],
    ['"a\\"b"', ['a"b']],
    ['"\\\\"', ['\\']],
    ['"\\$x"', ['$x']],
    // `#` opens a comment only where a word would start, and the comment ends at a line feed.
    ['# all comment', []],
    ['a #b c', ['a']],
    ['a #b\nc', ['a', 'c']],
    ['a #b\rc', ['a']],
    ['a#b', ['a#b']],
    ['"#x"', ['#x']],
    ['\\#x', ['#x']],
    ['"a"#b', ['a#b']],
    // Characters outside the BMP are single characters.
    ['\u{1F600} x', ['\u{1F600}', 'x']],
  ])('%j', (input, words) => {
    expect(shellSplit(input)).toEqual(words);
  });

  it.each<[string, string, string[]]>([
    ['"open', 'EOF found when expecting closing quote', []],
    ["a 'open", 'EOF found when expecting closing quote', ['a']],
    ['a "b\\"', 'EOF found when expecting closing quote', ['a']],
    ['a b\\', 'EOF found after escape character', ['a']],
    ['\\', 'EOF found after escape character', []],
    ['a "b\\', 'EOF found after escape character', ['a']],
  ])('%j fails as shlex.Split does, keeping the words before the broken one', (input, message, words) => {
    let caught: unknown;
    try {
      shellSplit(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ShlexError);
    expect((caught as ShlexError).message).toBe(message);
    expect((caught as ShlexError).words).toEqual(words);
    expect(shellSplitLenient(input)).toEqual(words);
  });
});
