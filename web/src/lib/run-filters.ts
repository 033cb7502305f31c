import { isRunStatus, type RunStatus } from './run-status.js';

export interface RunFilters {
  status: RunStatus | null;
  templateKey: string | null;
}

type QueryValue = string | null | undefined | Array<string | null>;

function first(value: QueryValue): string | null {
  const single = Array.isArray(value) ? value[0] : value;
  return typeof single === 'string' && single.trim() !== '' ? single.trim() : null;
}

/** The run list's filters from the page URL (`?status=failed&template=refund-check`); unknown values are ignored. */
export function readRunFilters(query: Readonly<Record<string, QueryValue>>): RunFilters {
  const status = first(query.status);
  return { status: isRunStatus(status) ? status : null, templateKey: first(query.template) };
}

/** The URL query for a set of filters, without empty entries, so links stay short. */
export function toRunFilterQuery(filters: RunFilters): Record<string, string> {
  return {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.templateKey ? { template: filters.templateKey } : {}),
  };
}
