import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '../../domain/errors/index.js';
import {
  parsePromptFolder,
  serializePromptFolder,
  type PromptDefinition,
} from '../../domain/prompt/index.js';

const PROMPT_JSON = 'prompt.json';

async function readPromptJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError(`${file} is not valid JSON: ${(error as Error).message}`, [
      { path: '', rule: 'json', message: (error as Error).message },
    ]);
  }
}

/** Reads `prompts/<key>/`: prompt.json plus every .liquid file; the key must match the folder name. */
export async function loadPromptFolder(dir: string): Promise<PromptDefinition> {
  const entries = await readdir(dir);
  const templates: Record<string, string> = {};
  for (const name of entries.filter((entry) => entry.endsWith('.liquid')).sort()) {
    templates[name] = await readFile(path.join(dir, name), 'utf8');
  }
  const definition = parsePromptFolder({ promptJson: await readPromptJson(path.join(dir, PROMPT_JSON)), templates });
  const folder = path.basename(path.resolve(dir));
  if (definition.key !== folder) {
    throw ValidationError.single('/key', 'folder-name', `key "${definition.key}" must equal its folder name "${folder}"`);
  }
  return definition;
}

/** Every prompt under a library root (`prompts/`), sorted by key. */
export async function loadPromptLibrary(rootDir: string): Promise<PromptDefinition[]> {
  const entries = await readdir(rootDir, { withFileTypes: true });
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const definitions: PromptDefinition[] = [];
  for (const folder of folders) definitions.push(await loadPromptFolder(path.join(rootDir, folder)));
  return definitions;
}

/**
 * Writes a definition to `<rootDir>/<key>/`, replacing the .liquid files so
 * a removed message does not leave a stale template behind.
 */
export async function writePromptFolder(rootDir: string, definition: PromptDefinition): Promise<string> {
  const dir = path.join(rootDir, definition.key);
  await mkdir(dir, { recursive: true });
  const { promptJson, templates } = serializePromptFolder(definition);
  for (const stale of (await readdir(dir)).filter((name) => name.endsWith('.liquid') && !(name in templates))) {
    await rm(path.join(dir, stale));
  }
  for (const [name, text] of Object.entries(templates)) await writeFile(path.join(dir, name), text);
  await writeFile(path.join(dir, PROMPT_JSON), `${JSON.stringify(promptJson, null, 2)}\n`);
  return dir;
}
