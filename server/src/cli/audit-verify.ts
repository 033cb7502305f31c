import 'reflect-metadata';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { AuditChainVerifier, type ChainVerification, type HashedAuditRecord } from '../domain/audit/audit-chain.js';
import { verifyStoredChain } from '../modules/audit/audit-query.service.js';
import { openConfiguredDatabase } from './open-configured-database.js';

/**
 * `npm run audit:verify` checks the chain in the database;
 * `npm run audit:verify -- export.jsonl` checks an exported file offline.
 * Exit code 0 when intact, 1 when broken, 2 on usage or read errors.
 */
async function verifyFile(file: string): Promise<ChainVerification> {
  const verifier = new AuditChainVerifier();
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (!line.trim()) continue;
    let record: HashedAuditRecord;
    try {
      record = JSON.parse(line) as HashedAuditRecord;
    } catch {
      return { ok: false, checked: verifier.result().checked, brokenAt: `line ${lineNumber}`, reason: 'not valid JSON' };
    }
    if (!verifier.accept(record)) break;
  }
  return verifier.result();
}

const file = process.argv[2];
try {
  let result: ChainVerification;
  if (file) {
    result = await verifyFile(file);
  } else {
    const db = await openConfiguredDatabase();
    try {
      result = await verifyStoredChain(db);
    } finally {
      await db.close();
    }
  }
  if (result.ok) {
    console.log(`audit chain intact: ${result.checked} event(s) verified${file ? ` in ${file}` : ''}`);
  } else {
    console.log(`audit chain BROKEN at event ${result.brokenAt}: ${result.reason} (${result.checked} event(s) verified before it)`);
  }
  process.exit(result.ok ? 0 : 1);
} catch (error) {
  console.error(`audit:verify failed: ${(error as Error).message}`);
  process.exit(2);
}
