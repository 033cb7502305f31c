import path from 'node:path';
import { parsePolicyFile } from '../../domain/policy/index.js';
import { readJsonFiles } from '../../infra/files/json-files.js';
import { SYSTEM } from '../auth/actor.js';
import type { PolicyService } from '../policies/policy.service.js';

/**
 * Loads `policies/*.json`. Idempotent by content hash: an unchanged file
 * creates nothing, an edited one creates and publishes the next version.
 */
export async function seedPolicies(policies: PolicyService, dir = path.resolve('policies')): Promise<string[]> {
  const loaded: string[] = [];
  for (const { file, json } of await readJsonFiles(dir)) {
    const spec = parsePolicyFile(json);
    const version = await policies.createVersion(SYSTEM, spec.key, {
      name: spec.name, description: spec.description, logic: spec.logic, inputSchema: spec.inputSchema ?? null, testCases: spec.testCases,
    });
    if (version.status === 'draft') {
      await policies.publish(SYSTEM, version.id);
      loaded.push(`${spec.key}@${version.version} (${path.basename(file)})`);
    }
  }
  return loaded;
}
