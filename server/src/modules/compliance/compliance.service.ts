import { NotFoundError } from '../../domain/errors/index.js';
import { prepareModelCall, type RenderedMessage } from '../../domain/prompt/index.js';
import type { Database } from '../../infra/db/orm.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { drainAuditLog } from '../audit/audit.service.js';
import { authorize, type Actor } from '../auth/actor.js';
import { isUuid } from '../../domain/shared/identifiers.js';
import { Prompt } from '../prompts/prompt.entity.js';
import { PromptVersion } from '../prompts/prompt-version.entity.js';
import { ReviewTask } from '../runs/review-task.entity.js';
import { Run } from '../runs/run.entity.js';
import type { RunService } from '../runs/run.service.js';
import { StepRun } from '../runs/step-run.entity.js';

export interface PromptVersionUsage {
  version: PromptVersion;
  labels: string[];
  runCount: number;
  recentRunIds: string[];
}

export interface TimelineEntry {
  at: Date;
  kind: string;
  title: string;
  actor: string | null;
  detail: unknown;
}

export interface RunExplanation {
  run: Run;
  decisionSummary: string | null;
  timeline: TimelineEntry[];
}

/**
 * What an auditor asks: which wording, model and approvals stand behind each
 * prompt version and which runs used it; and for one run, everything that
 * decided it, in order.
 */
export class ComplianceService {
  constructor(private readonly db: Database, private readonly runs: RunService) {}

  async promptUsage(actor: Actor, key: string): Promise<PromptVersionUsage[]> {
    authorize(actor, 'read', 'Prompt');
    authorize(actor, 'read', 'Run');
    const em = this.db.em();
    const prompt = await em.findOne(Prompt, { key }, { populate: ['versions', 'labels.version'] });
    if (!prompt) throw new NotFoundError('Prompt', key);
    const connection = em.getConnection();
    const usage: PromptVersionUsage[] = [];
    for (const version of prompt.versions.getItems().sort((a, b) => a.version - b.version)) {
      // Runs pin their exact versions in `references`; JSON path finds the ones that used this one.
      const rows = await connection.execute<Array<{ id: string; total: string }>>(
        `select id, count(*) over () as total from runs
         where jsonb_path_exists("references", ?::jsonpath, jsonb_build_object('id', ?::text))
         order by created_at desc limit 20`,
        // The path goes in as a parameter: its "?" filter would otherwise read as a placeholder.
        ['$.prompts.* ? (@.id == $id)', version.id],
      );
      usage.push({
        version,
        labels: prompt.labels.getItems().filter((l) => l.version.id === version.id).map((l) => l.label),
        runCount: Number(rows[0]?.total ?? 0),
        recentRunIds: rows.map((row) => row.id),
      });
    }
    return usage;
  }

  async explainRun(actor: Actor, runId: string): Promise<RunExplanation> {
    authorize(actor, 'read', 'Run');
    const em = this.db.em();
    const run = isUuid(runId) ? await em.findOne(Run, { id: runId }, { populate: ['templateVersion.template'] }) : null;
    if (!run) throw new NotFoundError('Run', runId);
    const pii = this.runs.piiView(actor, run);
    await drainAuditLog(em);
    const [steps, tasks, events] = await Promise.all([
      em.find(StepRun, { run }, { orderBy: { startedAt: 'asc', attempt: 'asc' } }),
      em.find(ReviewTask, { run }, { orderBy: { createdAt: 'asc' } }),
      em.find(AuditEvent, { subjectType: 'Run', subjectId: run.id }, { orderBy: { seq: 'asc' } }),
    ]);
    const timeline: TimelineEntry[] = [{
      at: run.createdAt, kind: 'run.started', actor: run.startedBy,
      title: `Run of ${run.templateKey} v${run.templateVersion.version} started (${run.mode})`,
      detail: { input: run.input, references: run.references },
    }];
    for (const step of steps) timeline.push(await this.describeStep(step));
    for (const task of tasks) {
      timeline.push({ at: task.createdAt, kind: 'review.opened', actor: null, title: `Review "${task.title}" opened for ${task.role}`, detail: { reason: task.request.reason ?? null, fields: task.request.fields } });
      if (task.decidedAt) {
        timeline.push({ at: task.decidedAt, kind: 'review.decided', actor: task.decidedBy ?? null, title: `Review ${task.decision} by ${task.decidedBy}`, detail: { decision: task.decision, edits: task.edits ?? null, comment: task.comment ?? null } });
      }
    }
    for (const event of events) {
      if (event.action === 'run.started') continue;
      timeline.push({ at: event.at, kind: event.action, actor: event.actorLabel ?? null, title: event.action, detail: event.after ?? null });
    }
    timeline.sort((a, b) => a.at.getTime() - b.at.getTime());
    return {
      run,
      decisionSummary: pii.mask(run.decisionSummary ?? null),
      timeline: timeline.map((entry) => ({ ...entry, title: pii.mask(entry.title), detail: pii.mask(entry.detail) })),
    };
  }

  private async describeStep(step: StepRun): Promise<TimelineEntry> {
    const explanation = (step.explanation ?? {}) as Record<string, unknown>;
    const base = { at: step.startedAt, kind: `step.${step.kind}`, actor: step.worker ?? null };
    const attempt = step.attempt > 1 ? ` (attempt ${step.attempt})` : '';
    if (step.kind === 'policy') {
      const output = (step.output ?? {}) as { result?: unknown; explanation?: string; trace?: unknown };
      return { ...base, title: `Policy ${String(explanation.key)} v${String(explanation.version)} → ${JSON.stringify(output.result)}${attempt}`, detail: { data: step.input, result: output.result, explanation: output.explanation, trace: output.trace } };
    }
    if (step.kind === 'prompt') {
      return {
        ...base,
        title: `Prompt ${String(explanation.key)} v${String(explanation.version)} answered by ${String(explanation.model ?? 'the model')}${attempt}`,
        detail: { variables: step.input, renderedMessages: await this.rerender(explanation.promptId, step.input), answer: step.output, error: step.error ?? null, explanation, tokens: step.tokens, costUsd: step.costUsd },
      };
    }
    return { ...base, title: `${step.kind} step ${step.stepId} ${step.status}${attempt}`, detail: { input: step.input, output: step.output, explanation: step.explanation ?? null, error: step.error ?? null } };
  }

  /** Rendering is deterministic: the same version and variables give exactly the messages the model received. */
  private async rerender(promptId: unknown, variables: unknown): Promise<RenderedMessage[] | null> {
    if (typeof promptId !== 'string' || typeof variables !== 'object' || variables === null) return null;
    const version = await this.db.em().findOne(PromptVersion, { id: promptId });
    if (!version) return null;
    try {
      return prepareModelCall(version.spec, variables as Record<string, unknown>).messages;
    } catch {
      return null;
    }
  }
}
