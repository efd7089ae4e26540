// Every name that reaches SQL goes through here: identifiers are checked and backtick-quoted, never
// interpolated raw.
const maxIdentifier = 64;

export function quoteIdentifier(name: string): string {
  if (name.length === 0 || name.length > maxIdentifier) throw new Error(`invalid MySQL identifier length: ${name.length}`);
  if (/[\u0000]/.test(name)) throw new Error('MySQL identifiers cannot contain NUL');
  return '`' + name.replace(/`/g, '``') + '`';
}

/** `db`.`table` */
export const qualified = (database: string, table: string) => `${quoteIdentifier(database)}.${quoteIdentifier(table)}`;
