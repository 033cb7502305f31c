import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../server/src/domain/errors/index.js';
import {
  checkPromptSpec,
  listTemplateVariables,
  parsePromptFolder,
  promptFileSchema,
  promptVersionHash,
  renderPromptMessages,
  serializePromptFolder,
  type PromptDefinition,
} from '../../../server/src/domain/prompt/index.js';
import { validateAgainst } from '../../../server/src/domain/shared/json-schema.js';
import { loadPromptFolder, loadPromptLibrary, writePromptFolder } from '../../../server/src/infra/files/prompt-files.js';
import { loadRefundSpec } from './fixtures/load-fixture.js';

const root = path.resolve('prompts');
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function makeTempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docket-prompts-'));
  tempDirs.push(dir);
  return dir;
}
const seededKeys = readdirSync(root).sort();

function readRawFolder(dir: string): { promptJson: unknown; templates: Record<string, string> } {
  const templates: Record<string, string> = {};
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.liquid'))) {
    templates[name] = readFileSync(path.join(dir, name), 'utf8');
  }
  return { promptJson: JSON.parse(readFileSync(path.join(dir, 'prompt.json'), 'utf8')), templates };
}

describe('prompt file schema', () => {
  it('is the object written to schemas/prompt-file.schema.json', () => {
    expect(JSON.parse(readFileSync('schemas/prompt-file.schema.json', 'utf8'))).toEqual(promptFileSchema);
  });

  it('validates every seeded prompt.json', () => {
    for (const key of seededKeys) {
      expect(validateAgainst(promptFileSchema, readRawFolder(path.join(root, key)).promptJson), key).toEqual([]);
    }
  });
});

describe('seeded prompts', () => {
  it('has four or more prompts', () => {
    expect(seededKeys.length).toBeGreaterThanOrEqual(4);
  });

  it.each(seededKeys)('%s loads, passes checkPromptSpec and renders every test case', async (key) => {
    const definition = await loadPromptFolder(path.join(root, key));
    expect(definition.key).toBe(key);
    expect(checkPromptSpec(definition.spec)).toEqual([]);
    expect(definition.spec.testCases.length).toBeGreaterThanOrEqual(2);
    for (const testCase of definition.spec.testCases) {
      const messages = renderPromptMessages(definition.spec, testCase.variables);
      expect(messages.at(-1)?.role).toBe('user');
    }
  });

  it.each(seededKeys)('%s serializes back to the same files', async (key) => {
    const raw = readRawFolder(path.join(root, key));
    const definition = await loadPromptFolder(path.join(root, key));
    expect(serializePromptFolder(definition)).toEqual(raw);
  });

  it('never sends variables the templates do not read (personal data stays out)', async () => {
    const triage = await loadPromptFolder(path.join(root, 'email-triage'));
    expect(listTemplateVariables(triage.spec)).toEqual(['body', 'customer_tier', 'subject']);
    const withSender = triage.spec.testCases.find((testCase) => 'from' in testCase.variables);
    const rendered = JSON.stringify(renderPromptMessages(triage.spec, withSender?.variables ?? {}));
    expect(rendered).not.toContain(String(withSender?.variables.from));
  });

  it('loads the whole library sorted by key', async () => {
    expect((await loadPromptLibrary(root)).map((definition) => definition.key)).toEqual(seededKeys);
  });
});

describe('prompt folder round trip', () => {
  const definition: PromptDefinition = {
    key: 'refund-decision',
    name: 'Refund decision',
    description: 'fixture',
    spec: {
      ...loadRefundSpec(),
      messages: [
        { role: 'system', template: 'sys' },
        { role: 'user', template: '{{ message }}' },
        { role: 'assistant', template: '{"ok":true}' },
        { role: 'user', template: 'again {{ order_number }}\n' },
      ],
    },
  };

  it('parse(serialize(x)) is x, with numbered files for repeated roles', () => {
    const files = serializePromptFolder(definition);
    expect(Object.keys(files.templates)).toEqual(['system.liquid', 'user.liquid', 'assistant.liquid', 'user-2.liquid']);
    expect(parsePromptFolder(files)).toEqual(definition);
  });

  it('writes to disk and reads back the same definition and hash', async () => {
    const dir = makeTempDir();
    await writePromptFolder(dir, definition);
    const loaded = await loadPromptFolder(path.join(dir, definition.key));
    expect(loaded).toEqual(definition);
    expect(promptVersionHash(loaded.spec)).toBe(promptVersionHash(definition.spec));
  });

  it('removes template files of messages that no longer exist', async () => {
    const dir = makeTempDir();
    await writePromptFolder(dir, definition);
    const shorter = { ...definition, spec: { ...definition.spec, messages: definition.spec.messages.slice(0, 2) } };
    await writePromptFolder(dir, shorter);
    expect(readdirSync(path.join(dir, definition.key)).sort()).toEqual(['prompt.json', 'system.liquid', 'user.liquid']);
  });

  it.each([
    ['missing template file', (files: ReturnType<typeof serializePromptFolder>) => delete files.templates['user.liquid'], '/messages/1/file'],
    ['stray template file', (files: ReturnType<typeof serializePromptFolder>) => (files.templates['old.liquid'] = 'x'), '/messages'],
    ['bad key', (files: ReturnType<typeof serializePromptFolder>) => ((files.promptJson as { key: string }).key = 'Bad Key'), '/key'],
  ])('rejects a folder with a %s', (_name, damage, pathExpected) => {
    const files = serializePromptFolder(definition);
    damage(files);
    try {
      parsePromptFolder(files);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).problems.map((problem) => problem.path)).toContain(pathExpected);
    }
  });

  it('refuses a key that differs from its folder name', async () => {
    const dir = makeTempDir();
    const written = await writePromptFolder(dir, definition);
    const other = path.join(dir, 'other-name');
    const files = serializePromptFolder(definition);
    await writePromptFolder(dir, { ...definition, key: 'other-name' });
    writeFileSync(path.join(other, 'prompt.json'), JSON.stringify(files.promptJson));
    await expect(loadPromptFolder(other)).rejects.toThrow(/must equal its folder name/);
    expect(written).toBe(path.join(dir, definition.key));
  });
});

describe('promptVersionHash', () => {
  it('changes with content and ignores the changelog and key order', () => {
    const base = loadRefundSpec();
    const hash = promptVersionHash(base);
    expect(promptVersionHash({ ...base, changelog: 'reworded' })).toBe(hash);
    expect(promptVersionHash({ ...base, parameters: { maxTokens: 200, temperature: 0 } })).toBe(hash);
    expect(promptVersionHash({ ...base, parameters: { temperature: 0.1, maxTokens: 200 } })).not.toBe(hash);
    expect(promptVersionHash({ ...base, model: 'gpt-4.1' })).not.toBe(hash);
    expect(promptVersionHash({ ...base, messages: [{ role: 'user', template: 'x' }] })).not.toBe(hash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
