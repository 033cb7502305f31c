import 'reflect-metadata';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { SYSTEM } from '../modules/auth/actor.js';
import { exportAuditChain } from '../modules/audit/audit-query.service.js';
import { openConfiguredDatabase } from './open-configured-database.js';

/** `npm run audit:export -- out.jsonl` (stdout without a file): JSON Lines with hashes, verifiable by audit:verify. */
const file = process.argv[2];
const db = await openConfiguredDatabase();
try {
  const out = file ? createWriteStream(file) : process.stdout;
  let count = 0;
  for await (const line of exportAuditChain(db, { ...SYSTEM, label: 'cli:audit-export' })) {
    if (!out.write(line)) await once(out, 'drain');
    count += 1;
  }
  if (file) {
    out.end();
    await once(out, 'finish');
    console.error(`exported ${count} audit event(s) to ${file}`);
  }
} finally {
  await db.close();
}
