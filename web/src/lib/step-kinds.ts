/**
 * How each step kind looks in the builder and in run timelines. One entry per
 * kind the engine registers; an unknown kind (a newer server) still renders.
 */
export interface StepKindLook {
  kind: string;
  label: string;
  /** What the kind does, for tooltips and legends. */
  summary: string;
  /** Accent colour: node borders, icons, legend swatches. */
  color: string;
  /** Soft background matching the accent. */
  softColor: string;
}

export const STEP_KINDS: Readonly<Record<string, StepKindLook>> = {
  policy: { kind: 'policy', label: 'Policy', summary: 'Evaluates a JSON-logic policy', color: '#6941c6', softColor: '#f4f0ff' },
  prompt: { kind: 'prompt', label: 'Prompt', summary: 'Asks the model with a versioned prompt', color: '#1570ef', softColor: '#eff6ff' },
  branch: { kind: 'branch', label: 'Branch', summary: 'Chooses the next step from a result', color: '#b54708', softColor: '#fffaeb' },
  review: { kind: 'review', label: 'Review', summary: 'Waits for a person to decide', color: '#0e7090', softColor: '#ecfdff' },
  http: { kind: 'http', label: 'HTTP call', summary: 'Calls an allow-listed external system', color: '#c11574', softColor: '#fdf2fa' },
  transform: { kind: 'transform', label: 'Transform', summary: 'Builds a new object from the run', color: '#067647', softColor: '#ecfdf3' },
  lookup: { kind: 'lookup', label: 'Lookup', summary: 'Finds records in reference data', color: '#4e5ba6', softColor: '#f8f9fc' },
};

export function describeStepKind(kind: string): StepKindLook {
  return STEP_KINDS[kind] ?? { kind, label: kind, summary: `A ${kind} step`, color: '#5b6577', softColor: '#f0f3f8' };
}
