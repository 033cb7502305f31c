import { PGliteKnexDialect } from 'mikro-orm-pglite';

/**
 * Whether SQL holds more than one statement, ignoring semicolons inside
 * string literals, quoted identifiers, dollar-quoted bodies and comments.
 */
export function hasMultipleStatements(sql: string): boolean {
  let i = 0;
  let sawStatementEnd = false;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (c === "'" || c === '"') {
      i = skipQuoted(sql, i, c);
      continue;
    }
    if (c === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0];
      if (tag) {
        const end = sql.indexOf(tag, i + tag.length);
        i = end === -1 ? sql.length : end + tag.length;
        continue;
      }
    }
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
      continue;
    }
    if (c === ';') sawStatementEnd = true;
    else if (sawStatementEnd && !/\s/.test(c)) return true;
    i += 1;
  }
  return false;
}

function skipQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  return sql.length;
}

type RawConnection = { query(sql: string, bindings: unknown[]): Promise<unknown>; exec(sql: string): Promise<unknown> };
type QueryObject = { sql?: string; method?: string; bindings?: unknown[]; response?: unknown };

let patched = false;

/**
 * The PGlite knex dialect sends raw SQL to PGlite's multi-statement `exec`
 * whenever the text contains a semicolon, even one inside a quoted value
 * (MikroORM inlines values into raw queries). A key such as `a;b` then ran
 * as broken statements and returned unrelated rows. This counts statements
 * properly; everything else behaves as the dialect does.
 */
export function fixPgliteStatementSplitting(): void {
  if (patched) return;
  patched = true;
  const prototype = PGliteKnexDialect.prototype as unknown as { _query(connection: RawConnection, obj: QueryObject): Promise<QueryObject> };
  prototype._query = async function query(connection: RawConnection, obj: QueryObject): Promise<QueryObject> {
    if (!obj.sql) throw new Error('The query is empty');
    const multiple = obj.method === 'raw' && (obj.bindings ?? []).length === 0 && hasMultipleStatements(obj.sql);
    obj.response = multiple ? await connection.exec(obj.sql) : await connection.query(obj.sql, obj.bindings ?? []);
    return obj;
  };
}
