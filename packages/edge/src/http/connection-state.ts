// Which statements leave state on the MySQL connection that later statements of the same session rely
// on. HTTP requests are otherwise served by any pooled connection, so a session that creates such state
// keeps (reserves) its connection, as vtgate reserves one for system settings, temporary tables and
// locks. Open transactions are recognised from the server's status flags instead, which also catch
// `SET autocommit = 0` and implicit commits.
import { latin1Lexer } from '../sql/latin1.js';

/**
 * `settings`: session state that lasts (variables, temporary tables, prepared statements, locks);
 * `next-transaction`: SET TRANSACTION, which applies to the next transaction only.
 */
export type ConnectionEffect = 'none' | 'settings' | 'next-transaction';

/** Named locks, and user variables assigned inside a query (`@x := ...`, `INTO @x`). */
const lastingInQuery = /\bGET_LOCK\s*\(|@[\w$.]+\s*:=|\bINTO\s+@/i;

export function connectionEffect(text: string, start = 0, end = text.length): ConnectionEffect {
  const lx = latin1Lexer(text, start, end);
  const first = lx.next();
  if (!first || first.kind !== 'word') return 'none';
  switch (first.value) {
    case 'SET':
      if (lx.acceptWord('TRANSACTION')) return 'next-transaction';
      return 'settings';
    case 'PREPARE':
    case 'LOCK':
      return 'settings';
    case 'CREATE':
      return lx.acceptWord('TEMPORARY') ? 'settings' : 'none';
    case 'HANDLER':
      return 'settings';
    case 'SELECT':
    case 'DO':
      return lastingInQuery.test(text.slice(start, end)) ? 'settings' : 'none';
    default:
      return 'none';
  }
}
