import { describe, expect, it } from 'vitest';
import { hasMultipleStatements } from '../../../server/src/infra/db/pglite-statements.js';

describe('hasMultipleStatements', () => {
  it.each([
    ['select 1', false],
    ['select 1;', false],
    ['select 1;  \n', false],
    ['select 1; select 2', true],
    ["select * from t where key = ';'", false],
    ["select * from t where key = 'a;b' and x = 'it''s; fine'", false],
    ['select "odd;name" from t', false],
    ['select $$ a; b $$', false],
    ['select $fn$ a; b $fn$; select 2', true],
    ['select 1 -- trailing; comment', false],
    ['select /* a; b */ 1', false],
    ['create table a (x int); create index on a (x);', true],
  ])('%s → %s', (sql, expected) => {
    expect(hasMultipleStatements(sql)).toBe(expected);
  });
});
