import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '../../domain/errors/index.js';

export interface JsonFile {
  file: string;
  json: unknown;
}

/** Reads every `*.json` file of a folder (sorted by name); a parse error names the file. */
export async function readJsonFiles(dir: string): Promise<JsonFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return Promise.all(names.map(async (name) => {
    const file = path.join(dir, name);
    return { file, json: await readJsonFile(file) };
  }));
}

export async function readJsonFile(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError(`${file} is not valid JSON: ${(error as Error).message}`, [
      { path: '', rule: 'json', message: (error as Error).message },
    ], { cause: error });
  }
}
