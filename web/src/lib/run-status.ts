export const RUN_STATUSES = ['queued', 'running', 'waiting_review', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const STEP_STATUSES = ['pending', 'running', 'waiting', 'succeeded', 'failed', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** Colour families of the status badges in base.css (`badge-tone-<tone>`). */
export type StatusTone = 'neutral' | 'info' | 'warning' | 'success' | 'danger';

export interface StatusDescription {
  label: string;
  tone: StatusTone;
}

const RUN_STATUS_DESCRIPTIONS: Record<RunStatus, StatusDescription> = {
  queued: { label: 'Queued', tone: 'neutral' },
  running: { label: 'Running', tone: 'info' },
  waiting_review: { label: 'Waiting for review', tone: 'warning' },
  succeeded: { label: 'Succeeded', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

const STEP_STATUS_DESCRIPTIONS: Record<StepStatus, StatusDescription> = {
  pending: { label: 'Pending', tone: 'neutral' },
  running: { label: 'Running', tone: 'info' },
  waiting: { label: 'Waiting', tone: 'warning' },
  succeeded: { label: 'Succeeded', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  skipped: { label: 'Skipped', tone: 'neutral' },
};

const FINISHED: readonly string[] = ['succeeded', 'failed', 'cancelled'];

export function isRunStatus(value: unknown): value is RunStatus {
  return typeof value === 'string' && (RUN_STATUSES as readonly string[]).includes(value);
}

/** A finished run never changes again, so there is nothing left to poll for. */
export function isRunFinished(status: string): boolean {
  return FINISHED.includes(status);
}

export function canCancelRun(status: string): boolean {
  return !isRunFinished(status);
}

/** The server retries only failed runs, from the failed step. */
export function canRetryRun(status: string): boolean {
  return status === 'failed';
}

function humanize(value: string): string {
  const words = value.replace(/_/g, ' ');
  return words.length === 0 ? words : `${words[0]?.toUpperCase() ?? ''}${words.slice(1)}`;
}

/** Statuses a newer server adds still get a readable, neutral badge. */
export function describeRunStatus(status: string): StatusDescription {
  return isRunStatus(status) ? RUN_STATUS_DESCRIPTIONS[status] : { label: humanize(status), tone: 'neutral' };
}

export function describeStepStatus(status: string): StatusDescription {
  return (STEP_STATUSES as readonly string[]).includes(status)
    ? STEP_STATUS_DESCRIPTIONS[status as StepStatus]
    : { label: humanize(status), tone: 'neutral' };
}

const OUTCOME_DESCRIPTIONS: Record<string, StatusDescription> = {
  completed: { label: 'Completed', tone: 'success' },
  rejected: { label: 'Rejected', tone: 'danger' },
  failed: { label: 'Failed', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

export function describeRunOutcome(outcome: string): StatusDescription {
  return OUTCOME_DESCRIPTIONS[outcome] ?? { label: humanize(outcome), tone: 'neutral' };
}
