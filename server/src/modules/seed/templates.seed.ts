import path from 'node:path';
import type { Logger } from 'pino';
import { readJsonFiles } from '../../infra/files/json-files.js';
import { SYSTEM } from '../auth/actor.js';
import type { TemplateService } from '../templates/template.service.js';

interface TemplateFile {
  key: string;
  name: string;
  description?: string;
  spec: unknown;
}

/** Loads `seeds/templates/*.json` (idempotent by content hash) and publishes versions that validate clean. */
export async function seedTemplates(templates: TemplateService, logger: Logger, dir = path.resolve('seeds/templates')): Promise<string[]> {
  const loaded: string[] = [];
  const actor = { ...SYSTEM, label: 'system:seed' };
  for (const { file, json } of await readJsonFiles(dir)) {
    const { key, name, description, spec } = json as TemplateFile;
    const version = await templates.createVersion(actor, key, { name, description: description ?? null, spec });
    if (version.status !== 'draft') continue;
    if (version.problems.length > 0) {
      logger.warn({ template: key, file, problems: version.problems.slice(0, 5) }, 'seeded template has problems; left as a draft');
      continue;
    }
    await templates.publish(actor, version.id);
    loaded.push(`${key}@${version.version}`);
  }
  return loaded;
}
