// What an ALTER TABLE's clauses mean for an online copy: column renames (so data follows the
// column), whether it renames the table (rejected, as Vitess does), whether it sets AUTO_INCREMENT,
// and the clauses to apply to the shadow table (ALGORITHM/LOCK only make sense for a direct ALTER).
import { identifierOf, isPunct, tokenize, type Token } from '@localscale/mysql';

export interface AlterAnalysis {
  /** old column name → new column name */
  renamedColumns: ReadonlyMap<string, string>;
  renamesTable: boolean;
  setsAutoIncrement: boolean;
  /** Some clause drops a column (DROP [COLUMN] c, not an index, key or constraint): data is lost. */
  dropsColumns: boolean;
  /** The clauses to apply to the shadow table. */
  shadowSpec: string;
}

export function analyzeAlterSpec(spec: string): AlterAnalysis {
  const tokens = tokenize(spec);
  const clauses = splitClauses(tokens);
  const renamedColumns = new Map<string, string>();
  let renamesTable = false;
  let setsAutoIncrement = false;
  let dropsColumns = false;
  const kept: string[] = [];
  for (const clause of clauses) {
    const word = (i: number) => (clause[i]?.kind === 'word' ? clause[i]!.value : '');
    const name = (t: Token | undefined) => identifierOf(t) ?? t?.value ?? '';
    const first = word(0);
    if (first === 'ALGORITHM' || first === 'LOCK') continue;
    if (first === 'RENAME') {
      if (word(1) === 'COLUMN') {
        const skip = word(2) === 'IF' && word(3) === 'EXISTS' ? 4 : 2;
        const from = clause[skip], to = clause[skip + 2];
        if (from && to) renamedColumns.set(name(from), name(to));
      } else if (word(1) !== 'INDEX' && word(1) !== 'KEY') {
        renamesTable = true;
      }
    }
    if (first === 'CHANGE') {
      let i = word(1) === 'COLUMN' ? 2 : 1;
      if (word(i) === 'IF' && word(i + 1) === 'EXISTS') i += 2;
      const from = clause[i], to = clause[i + 1];
      if (from && to && name(from) !== name(to)) renamedColumns.set(name(from), name(to));
    }
    if (first === 'AUTO_INCREMENT') setsAutoIncrement = true;
    if (first === 'DROP' && (word(1) === 'COLUMN' || (clause[1] !== undefined && !notColumns.has(word(1))))) dropsColumns = true;
    kept.push(spec.slice(clause[0]!.start, clause[clause.length - 1]!.end));
  }
  return { renamedColumns, renamesTable, setsAutoIncrement, dropsColumns, shadowSpec: kept.join(', ') };
}

/** What DROP can remove from a table besides a column. */
const notColumns = new Set(['INDEX', 'KEY', 'PRIMARY', 'FOREIGN', 'CONSTRAINT', 'CHECK', 'PARTITION', 'SYSTEM']);

/** Top-level comma-separated clauses. */
function splitClauses(tokens: readonly Token[]): Token[][] {
  const out: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (isPunct(t, '(')) depth++;
    if (isPunct(t, ')')) depth--;
    if (depth === 0 && isPunct(t, ',')) {
      if (current.length) out.push(current);
      current = [];
      continue;
    }
    current.push(t);
  }
  if (current.length) out.push(current);
  return out;
}
