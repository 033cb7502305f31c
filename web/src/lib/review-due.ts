export interface DueTask {
  dueAt: string;
}

/** Soonest due first, so what is about to be late is at the top. */
export function sortByDue<T extends DueTask>(tasks: readonly T[]): T[] {
  return [...tasks].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
}

export function isOverdue(dueAt: string, now: Date): boolean {
  const due = Date.parse(dueAt);
  return Number.isFinite(due) && due < now.getTime();
}

function describeSpan(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

/** `Due in 3 h` or `Overdue by 20 min`, for a task list. */
export function describeDue(dueAt: string, now: Date): string {
  const due = Date.parse(dueAt);
  if (!Number.isFinite(due)) return 'No due time';
  const delta = due - now.getTime();
  return delta < 0 ? `Overdue by ${describeSpan(-delta)}` : `Due in ${describeSpan(delta)}`;
}
