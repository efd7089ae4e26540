// LEGACY PATH, for plans stored before the plan kept the differ's structure: each keyspace then held
// `ddl: string[]`, plain statements. Their kind, table and whether they drop data are derived once,
// when such a plan is read, from the statement text. Every statement in those plans came from the
// differ, so the shapes here are the few it writes. Nothing else reads SQL text: new plans carry the
// differ's own answers, and a legacy plan is written back in the new shape on the request's next save.
import type { OperationKind, PlannedChange } from './model.js';

const identifier = String.raw`(?:\`(?:[^\`]|\`\`)+\`|[\w$]+)`;
const head = new RegExp(String.raw`^(create|alter|drop)\s+(or\s+replace\s+)?(?:algorithm\s*=\s*\w+\s+)?(?:definer\s*=\s*\S+\s+)?(?:sql\s+security\s+\w+\s+)?(table|view)\s+(?:if\s+(?:not\s+)?exists\s+)?(${identifier}(?:\.${identifier})?)`, 'i');
/** A DROP clause that removes a column: DROP [COLUMN] name, but not DROP INDEX, KEY, PRIMARY KEY... */
const dropsColumn = /\bdrop\s+(?:column\s+)?(?!index\b|key\b|primary\b|foreign\b|constraint\b|check\b|partition\b)`?\w/i;

const unquote = (name: string) => name.replace(/^`|`$/g, '').replace(/``/g, '`');

export function legacyChange(sql: string): PlannedChange {
  const text = sql.trim().replace(/^\/\*.*?\*\/\s*/s, '');
  const m = head.exec(text);
  // Not a statement the differ writes: shown as an ALTER of no known table rather than failing the request.
  if (!m) return { kind: 'ALTER', table: '', sql, dropsData: false };
  const verb = m[1]!.toUpperCase() as 'CREATE' | 'ALTER' | 'DROP';
  const isView = m[3]!.toUpperCase() === 'VIEW';
  const table = unquote(m[4]!.match(new RegExp(`${identifier}$`))![0]);
  // The differ changes an existing view with CREATE OR REPLACE: that is PlanetScale's ALTER VIEW.
  const kind: OperationKind = isView ? (m[2] ? 'ALTER VIEW' : `${verb} VIEW`) : verb;
  const dropsData = !isView && (verb === 'DROP' || (verb === 'ALTER' && dropsColumn.test(text)));
  return { kind, table, sql, dropsData };
}
