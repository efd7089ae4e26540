import { describe, expect, it } from 'vitest';
import { latin1Lexer } from '../../src/sql/latin1.js';
import { parseWhere, test } from '../../src/sql/where.js';

const columns = ['a', 'b', 's', 'n'];
const row = { a: 1, b: 0, s: 'Running', n: null };
const evaluate = (expr: string) => test(parseWhere(latin1Lexer(expr), columns), row);

describe('WHERE evaluation', () => {
  it.each([
    ['a = 1', true],
    ['a <> 1', false],
    ["s = 'running'", true],
    ["s LIKE 'run%'", true],
    ["s NOT LIKE 'r_nning'", false],
    ["s IN ('queued', 'RUNNING')", true],
    ['a IN (2, 3)', false],
    ['a IN (2, NULL)', null],
    ['n IS NULL', true],
    ['n IS NOT NULL', false],
    ['n = 1', null],
    ['n <=> NULL', true],
    ['NOT b', true],
    ['a AND n = 1', null],
    ['b AND n = 1', false],
    ['a OR n = 1', true],
    ['a XOR b', true],
    ['a BETWEEN 0 AND 2', true],
    ['(a = 1 OR b = 1) AND `s` != \'x\'', true],
    ["a = '1'", true],
    ['a > -1', true],
  ])('%s', (expr, expected) => {
    expect(evaluate(expr)).toBe(expected);
  });

  it('refuses unknown columns and broken syntax with MySQL errors', () => {
    expect(() => evaluate('zz = 1')).toThrow("Unknown column 'zz' in 'where clause'");
    expect(() => evaluate('a = ')).toThrow(/syntax error/);
    expect(() => evaluate('a = 1 b')).toThrow(/syntax error at position \d+ near 'b'/);
    expect(() => evaluate('a IN (1')).toThrow(/syntax error/);
  });
});
