import { formatCatalogRef, type RunReferences } from '../../domain/engine/index.js';
import { collectPiiValues, PII_MASK } from '../../domain/shared/pii.js';
import type { TemplateSpec } from '../../domain/template/index.js';
import type { Actor } from '../auth/actor.js';

/**
 * Where personal data sits in a run's context: the template's input schema
 * for `/input`, and each prompt step's output schema (its x-pii fields) for
 * `/steps/<id>`.
 */
export function runContextSchema(spec: TemplateSpec, references: RunReferences): Record<string, unknown> {
  const steps: Record<string, unknown> = {};
  for (const step of spec.steps) {
    if (step.kind !== 'prompt') continue;
    const config = step.config as { prompt: { key: string; version?: number; label?: string } };
    const prompt = references.prompts[formatCatalogRef(config.prompt)];
    if (prompt) steps[step.id] = prompt.outputSchema;
  }
  return { type: 'object', properties: { input: spec.inputSchema, steps: { type: 'object', properties: steps } } };
}

/**
 * How one caller sees a run's data. For roles without read:Pii every value
 * the schemas mark x-pii is masked wherever it appears, also after it flowed
 * into later steps (a transform, an HTTP body, a reviewer's form), because
 * masking works on the values themselves, not only on their first location.
 */
export class PiiView {
  readonly masked: boolean;
  private readonly values: string[];

  constructor(actor: Actor, schema: Record<string, unknown>, context: unknown) {
    this.masked = !actor.ability.can('read', 'Pii');
    // Longest first, so a full name is replaced before a shorter value inside it.
    this.values = this.masked ? collectPiiValues(context, schema).sort((a, b) => b.length - a.length) : [];
  }

  mask<T>(value: T): T {
    if (!this.masked || this.values.length === 0) return value;
    return replaceStrings(value, (text) => this.values.reduce((acc, pii) => (acc.includes(pii) ? acc.split(pii).join(PII_MASK) : acc), text)) as T;
  }
}

function replaceStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => replaceStrings(item, map));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, replaceStrings(child, map)]));
  }
  return value;
}

