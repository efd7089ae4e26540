// What the CLI draws: tables, progress frames, and in-place redraws on a terminal.
import { describe, expect, it } from 'vitest';
import { liveBlock } from '../src/cli/render/live.js';
import { progressBar, renderFrame } from '../src/cli/render/progress.js';
import { renderTable } from '../src/cli/render/table.js';

const op = (table: string, state: 'pending' | 'in_progress' | 'complete' | 'error', pct: number | null, eta: number | null = null, errors: string | null = null) => ({
  keyspace_name: 'shop', table_name: table, operation_name: 'ALTER', state, progress_percentage: pct, eta_seconds: eta, deploy_errors: errors,
});

describe('renderTable', () => {
  it('pads columns to the widest cell, upper-cases headers, shows empty cells as "-" and booleans as yes/no', () => {
    expect(renderTable(['name', 'ready', 'parent'], [['main', true, null], ['a-long-branch', false, 'main']])).toBe(
      'NAME           READY  PARENT\n' +
      'main           yes    -\n' +
      'a-long-branch  no     main\n');
  });
});

describe('progress', () => {
  it('draws bars from 0 to 100 and clamps what is outside', () => {
    expect(progressBar(0, 10)).toBe('[----------]   0%');
    expect(progressBar(45, 10)).toBe('[#####-----]  45%');
    expect(progressBar(null, 4)).toBe('[----]   0%');
    expect(progressBar(130, 4)).toBe('[####] 100%');
  });

  it('renders the deployment state and one line per table, with ETA and errors', () => {
    const lines = renderFrame({
      label: 'acme/shop deploy request #3', deployment_state: 'in_progress',
      operations: [op('users', 'in_progress', 50, 75), op('orders', 'complete', 90), op('carts', 'error', 10, null, 'Duplicate column name')],
    });
    expect(lines[0]).toBe('acme/shop deploy request #3: in_progress');
    expect(lines[1]).toMatch(/^ {2}shop\.users +ALTER +\[#{12}-{12}\] +50% +in_progress +eta 1m15s$/);
    // A finished change is full whatever its last reported percentage.
    expect(lines[2]).toMatch(/shop\.orders +ALTER +\[#{24}\] 100% +complete$/);
    expect(lines[3]).toMatch(/shop\.carts .* error$/);
    expect(lines[4]).toBe('    error: Duplicate column name');
    expect(renderFrame({ label: 'x', deployment_state: 'pending', operations: [] })).toEqual(['x: pending', '  (no table changes reported yet)']);
  });
});

describe('liveBlock', () => {
  it('redraws in place on a terminal', () => {
    let written = '';
    const live = liveBlock({ isTTY: true, write: (s: string) => { written += s; } });
    live.update(['a', 'b']);
    live.update(['c']);
    expect(written).toBe('a\nb\n\x1b[2F\x1b[Jc\n');
  });

  it('prints only frames that changed elsewhere', () => {
    const writes: string[] = [];
    const live = liveBlock({ write: (s: string) => { writes.push(s); } });
    live.update(['a']);
    live.update(['a']);
    live.update(['b', 'c']);
    expect(writes).toEqual(['a\n', 'b\nc\n']);
  });
});
