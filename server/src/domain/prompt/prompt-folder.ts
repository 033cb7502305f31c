import { ValidationError, type FieldProblem } from '../errors/index.js';
import { validateAgainst } from '../shared/json-schema.js';
import { checkPromptSpec } from './check-prompt-spec.js';
import { promptFileSchema } from './prompt-file.schema.js';
import type { PromptExample, PromptMessage, PromptParameters, PromptRole, PromptSpec, PromptTestCase, JsonSchema } from './prompt-spec.js';

/** A prompt as it lives in git: identity plus the content of one version. */
export interface PromptDefinition {
  key: string;
  name: string;
  description?: string;
  spec: PromptSpec;
}

/**
 * The files of `prompts/<key>/`: `prompt.json` already parsed from JSON, and
 * the text of every `.liquid` file by file name. Reading and writing them is
 * the infra's job; this module only maps between files and definitions.
 */
export interface PromptFolderFiles {
  promptJson: unknown;
  templates: Record<string, string>;
}

/** Relative to `prompts/<key>/prompt.json`, so editors find the schema. */
export const PROMPT_FILE_SCHEMA_REF = '../../schemas/prompt-file.schema.json';

interface PromptFileMessage {
  role: PromptRole;
  file?: string;
  template?: string;
}

interface PromptFileJson {
  $schema?: string;
  key: string;
  name: string;
  description?: string;
  model?: string;
  parameters: PromptParameters;
  messages: PromptFileMessage[];
  examples?: PromptExample[];
  inputSchema?: JsonSchema;
  outputSchema: JsonSchema;
  testCases: PromptTestCase[];
  changelog?: string;
  pseudonymize?: boolean;
}

// Editors end files with a newline that is not part of the prompt.
function stripFinalNewline(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

function resolveMessages(file: PromptFileJson, templates: Record<string, string>, problems: FieldProblem[]): PromptMessage[] {
  const used = new Set<string>();
  const messages = file.messages.map((message, index): PromptMessage => {
    if (message.template !== undefined) return { role: message.role, template: message.template };
    const name = message.file ?? '';
    const text = templates[name];
    if (text === undefined) {
      problems.push({ path: `/messages/${index}/file`, rule: 'file-missing', message: `template file ${name} is missing` });
      return { role: message.role, template: '' };
    }
    used.add(name);
    return { role: message.role, template: stripFinalNewline(text) };
  });
  for (const name of Object.keys(templates)) {
    if (!used.has(name)) {
      problems.push({ path: '/messages', rule: 'file-unused', message: `template file ${name} is not referenced by any message` });
    }
  }
  return messages;
}

function buildSpec(file: PromptFileJson, messages: PromptMessage[]): PromptSpec {
  return {
    messages,
    ...(file.examples !== undefined ? { examples: file.examples } : {}),
    ...(file.model !== undefined ? { model: file.model } : {}),
    parameters: file.parameters,
    ...(file.inputSchema !== undefined ? { inputSchema: file.inputSchema } : {}),
    outputSchema: file.outputSchema,
    testCases: file.testCases,
    ...(file.changelog !== undefined ? { changelog: file.changelog } : {}),
    ...(file.pseudonymize !== undefined ? { pseudonymize: file.pseudonymize } : {}),
  };
}

/**
 * Reads a prompt folder into a definition, validating prompt.json against
 * `schemas/prompt-file.schema.json` and the result like any other version.
 * Problems in the spec point into prompt.json where the field lives there.
 */
export function parsePromptFolder(files: PromptFolderFiles): PromptDefinition {
  const shapeProblems = validateAgainst(promptFileSchema, files.promptJson);
  if (shapeProblems.length > 0) throw new ValidationError(`invalid prompt.json: ${shapeProblems[0]?.path || '/'} ${shapeProblems[0]?.message}`, shapeProblems);
  const file = files.promptJson as PromptFileJson;
  const problems: FieldProblem[] = [];
  const spec = buildSpec(file, resolveMessages(file, files.templates, problems));
  problems.push(...checkPromptSpec(spec));
  if (problems.length > 0) {
    const summary = problems.slice(0, 3).map((p) => `${p.path || '/'} ${p.message}`).join('; ');
    throw new ValidationError(`invalid prompt ${file.key}: ${summary}`, problems);
  }
  return {
    key: file.key,
    name: file.name,
    ...(file.description !== undefined ? { description: file.description } : {}),
    spec,
  };
}

/** `system.liquid`, `user.liquid`, then `user-2.liquid` for a role's second message. */
function nameTemplateFiles(messages: PromptMessage[]): string[] {
  const counts = new Map<PromptRole, number>();
  return messages.map((message) => {
    const count = (counts.get(message.role) ?? 0) + 1;
    counts.set(message.role, count);
    return count === 1 ? `${message.role}.liquid` : `${message.role}-${count}.liquid`;
  });
}

/** Writes a definition in the on-disk format; parsePromptFolder reads it back unchanged. */
export function serializePromptFolder(definition: PromptDefinition): PromptFolderFiles {
  const { spec } = definition;
  const names = nameTemplateFiles(spec.messages);
  const templates: Record<string, string> = {};
  spec.messages.forEach((message, index) => {
    templates[names[index] as string] = `${message.template}\n`;
  });
  const promptJson: PromptFileJson = {
    $schema: PROMPT_FILE_SCHEMA_REF,
    key: definition.key,
    name: definition.name,
    ...(definition.description !== undefined ? { description: definition.description } : {}),
    ...(spec.model !== undefined ? { model: spec.model } : {}),
    parameters: spec.parameters,
    messages: spec.messages.map((message, index) => ({ role: message.role, file: names[index] as string })),
    ...(spec.examples !== undefined ? { examples: spec.examples } : {}),
    ...(spec.inputSchema !== undefined ? { inputSchema: spec.inputSchema } : {}),
    outputSchema: spec.outputSchema,
    testCases: spec.testCases,
    ...(spec.changelog !== undefined ? { changelog: spec.changelog } : {}),
    ...(spec.pseudonymize !== undefined ? { pseudonymize: spec.pseudonymize } : {}),
  };
  return { promptJson, templates };
}
