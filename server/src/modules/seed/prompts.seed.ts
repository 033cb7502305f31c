import path from 'node:path';
import type { Logger } from 'pino';
import { loadPromptLibrary } from '../../infra/files/prompt-files.js';
import { SYSTEM } from '../auth/actor.js';
import type { PromptService } from '../prompts/prompt.service.js';

/**
 * Loads `prompts/<key>/` folders. Idempotent by content hash. A new version is
 * walked through the same lifecycle a person would (submit, approve, publish,
 * test) by the system actor, and labelled `production` only when its test
 * cases pass with the configured model or the recorded answers.
 */
export async function seedPrompts(prompts: PromptService, logger: Logger, dir = path.resolve('prompts')): Promise<string[]> {
  const loaded: string[] = [];
  for (const definition of await loadPromptLibrary(dir)) {
    const actor = { ...SYSTEM, label: 'system:seed' };
    let version = await prompts.createVersion(actor, definition.key, {
      name: definition.name, description: definition.description ?? null, ...definition.spec,
    });
    if (version.status !== 'draft') continue;
    version = await prompts.submit(actor, version.id);
    version = await prompts.approve(actor, version.id, 'loaded from prompts/ by the demo seed');
    version = await prompts.publish(actor, version.id);
    version = await prompts.runTests(actor, version.id);
    const passed = version.lastTestReport?.passed === true;
    await prompts.setLabel(actor, definition.key, passed ? 'production' : 'staging', version.id, 'demo seed');
    if (!passed) logger.warn({ prompt: definition.key }, 'seeded prompt failed its test cases; labelled staging only');
    loaded.push(`${definition.key}@${version.version}${passed ? ' (production)' : ' (staging)'}`);
  }
  return loaded;
}
