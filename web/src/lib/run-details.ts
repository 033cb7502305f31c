import { isJsonRecord } from './json-text.js';

/** A policy or prompt version a run pinned when it started. */
export interface PinnedReference {
  kind: 'policy' | 'prompt';
  /** How the template referred to it, e.g. `refund-threshold#production`. */
  reference: string;
  key: string;
  version: number;
  /** Prompts only: the content hash of the exact version used. */
  versionHash: string | null;
}

/** A value a reviewer changed before the run went on. */
export interface Correction {
  path: string;
  label: string | null;
  before: unknown;
  after: unknown;
  reviewer: string;
}

/** `run.references` (`{ policies: {...}, prompts: {...} }`) as a list, policies first, each group by reference. */
export function readReferences(references: unknown): PinnedReference[] {
  if (!isJsonRecord(references)) return [];
  const groups: Array<['policy' | 'prompt', unknown]> = [['policy', references.policies], ['prompt', references.prompts]];
  return groups.flatMap(([kind, group]) => {
    if (!isJsonRecord(group)) return [];
    return Object.entries(group)
      .flatMap(([reference, pinned]): PinnedReference[] => {
        if (!isJsonRecord(pinned) || typeof pinned.version !== 'number') return [];
        const key = typeof pinned.key === 'string' ? pinned.key : (reference.split('#')[0] ?? reference);
        const versionHash = typeof pinned.versionHash === 'string' ? pinned.versionHash : null;
        return [{ kind, reference, key, version: pinned.version, versionHash }];
      })
      .sort((a, b) => a.reference.localeCompare(b.reference));
  });
}

export function readCorrections(corrections: unknown): Correction[] {
  if (!Array.isArray(corrections)) return [];
  return corrections.flatMap((raw): Correction[] => {
    if (!isJsonRecord(raw) || typeof raw.path !== 'string') return [];
    return [{
      path: raw.path,
      label: typeof raw.label === 'string' ? raw.label : null,
      before: raw.before,
      after: raw.after,
      reviewer: typeof raw.reviewer === 'string' ? raw.reviewer : 'a reviewer',
    }];
  });
}

/** A run's or a step's `error` (`{ code, message }`) as one sentence; null when there is none. */
export function describeRunError(error: unknown): string | null {
  if (error === null || error === undefined) return null;
  if (typeof error === 'string') return error;
  if (!isJsonRecord(error)) return JSON.stringify(error);
  const message = typeof error.message === 'string' ? error.message : null;
  const code = typeof error.code === 'string' ? error.code : null;
  const step = typeof error.stepId === 'string' ? ` (step ${error.stepId})` : '';
  if (message && code) return `${message} [${code}]${step}`;
  return `${message ?? code ?? JSON.stringify(error)}${step}`;
}

export interface OrderableStep {
  stepId: string;
  startedAt?: string | null;
}

/**
 * Steps in the order they ran, then those that have not started in the
 * template's order: a timeline reads top to bottom as the run went.
 * `templateOrder` lists the template's step ids.
 */
export function orderRunSteps<T extends OrderableStep>(steps: readonly T[], templateOrder: readonly string[] = []): T[] {
  const position = (step: T): number => {
    const index = templateOrder.indexOf(step.stepId);
    return index === -1 ? templateOrder.length : index;
  };
  const startedAt = (step: T): number => (step.startedAt ? Date.parse(step.startedAt) : Number.NaN);
  return [...steps].sort((a, b) => {
    const aStart = startedAt(a);
    const bStart = startedAt(b);
    const aStarted = !Number.isNaN(aStart);
    const bStarted = !Number.isNaN(bStart);
    if (aStarted && bStarted && aStart !== bStart) return aStart - bStart;
    if (aStarted !== bStarted) return aStarted ? -1 : 1;
    return position(a) - position(b);
  });
}

/** The first eight characters of an id, enough to tell runs apart on screen. */
export function shortId(id: string): string {
  return id.length > 8 ? id.slice(0, 8) : id;
}
