import { splitPointer } from './json-pointer.js';
import { formatCompactJson, isJsonRecord } from './json-text.js';

export interface TemplateStepView {
  id: string;
  kind: string;
  /** The step's name, or its id when it has none. */
  label: string;
  description: string | null;
  config: unknown;
  position: { x: number; y: number };
}

export interface TemplateEdgeView {
  id: string;
  source: string;
  target: string;
  /** The condition in a few words (`auto`, `otherwise`, `if {…}`), null when the edge is always taken. */
  label: string | null;
}

export interface TemplateSpecView {
  inputSchema: unknown;
  steps: TemplateStepView[];
  edges: TemplateEdgeView[];
}

const MAX_LABEL = 36;

/**
 * A template version's `spec` (untrusted JSON) as steps and edges to draw.
 * Steps without an id and edges without both ends are left out; a step
 * without a position is placed below the previous one.
 */
export function readTemplateSpec(spec: unknown): TemplateSpecView {
  const record = isJsonRecord(spec) ? spec : {};
  const rawSteps = Array.isArray(record.steps) ? record.steps : [];
  const steps: TemplateStepView[] = [];
  for (const raw of rawSteps) {
    if (!isJsonRecord(raw) || typeof raw.id !== 'string') continue;
    const previous = steps.at(-1);
    steps.push({
      id: raw.id,
      kind: typeof raw.kind === 'string' ? raw.kind : 'unknown',
      label: typeof raw.name === 'string' && raw.name.trim() !== '' ? raw.name : raw.id,
      description: typeof raw.description === 'string' ? raw.description : null,
      config: raw.config ?? null,
      position: readPosition(raw.position) ?? { x: previous?.position.x ?? 0, y: (previous?.position.y ?? -120) + 120 },
    });
  }
  const ids = new Set(steps.map((step) => step.id));
  const rawEdges = Array.isArray(record.edges) ? record.edges : [];
  const edges = rawEdges.flatMap((raw, index): TemplateEdgeView[] => {
    if (!isJsonRecord(raw) || typeof raw.from !== 'string' || typeof raw.to !== 'string') return [];
    if (!ids.has(raw.from) || !ids.has(raw.to)) return [];
    const label = typeof raw.label === 'string' && raw.label !== '' ? raw.label : describeEdgeCondition(raw.condition);
    return [{ id: typeof raw.id === 'string' ? raw.id : `edge-${index}`, source: raw.from, target: raw.to, label }];
  });
  return { inputSchema: record.inputSchema ?? null, steps, edges };
}

function readPosition(value: unknown): { x: number; y: number } | null {
  if (!isJsonRecord(value) || typeof value.x !== 'number' || typeof value.y !== 'number') return null;
  return { x: value.x, y: value.y };
}

/** `{ when: "auto" }` → `auto`, `{ otherwise: true }` → `otherwise`, JSON-logic → `if {…}` (shortened). */
export function describeEdgeCondition(condition: unknown): string | null {
  if (condition === undefined || condition === null) return null;
  if (isJsonRecord(condition)) {
    const keys = Object.keys(condition);
    if (keys.length === 1 && keys[0] === 'when') {
      const { when } = condition;
      if (Array.isArray(when)) return when.map((value) => describeValue(value)).join(' or ');
      return describeValue(when);
    }
    if (keys.length === 1 && keys[0] === 'otherwise' && condition.otherwise === true) return 'otherwise';
  }
  return shorten(`if ${formatCompactJson(condition)}`);
}

function describeValue(value: unknown): string {
  return shorten(typeof value === 'string' ? value : formatCompactJson(value));
}

function shorten(text: string): string {
  return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
}

/**
 * The step a design-time problem is about: its `stepId`, or the step its
 * pointer leads into (`/steps/3/config/...`).
 */
export function findProblemStep(problem: { stepId?: string | null; path: string }, steps: readonly { id: string }[]): string | null {
  if (problem.stepId && steps.some((step) => step.id === problem.stepId)) return problem.stepId;
  const [collection, index] = splitPointer(problem.path);
  if (collection !== 'steps' || index === undefined || !/^\d+$/.test(index)) return null;
  return steps[Number(index)]?.id ?? null;
}
