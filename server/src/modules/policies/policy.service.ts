import type { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError, NotFoundError, ValidationError, type FieldProblem } from '../../domain/errors/index.js';
import {
  checkPolicy, evaluatePolicy, runPolicyTests, serializePolicyFile, type JsonObject, type JsonValue, type PolicyEvaluation, type PolicyTestCase, type PolicyTestReport,
} from '../../domain/policy/index.js';
import { hashContent } from '../../domain/shared/canonical-json.js';
import { systemClock, type Clock } from '../../domain/shared/clock.js';
import { assertValid, checkSchema } from '../../domain/shared/json-schema.js';
import { assertCatalogKey, isUuid } from '../../domain/shared/identifiers.js';
import type { Database } from '../../infra/db/orm.js';
import { appendAuditEvent } from '../audit/audit.service.js';
import { authorize, type Actor } from '../auth/actor.js';
import { Policy } from './policy.entity.js';
import { PolicyVersion } from './policy-version.entity.js';

export interface PolicyVersionInput {
  name?: string | null;
  description?: string | null;
  logic: unknown;
  inputSchema?: unknown;
  testCases?: unknown;
  changelog?: string | null;
}


const VERSION_INPUT_SCHEMA = {
  type: 'object',
  required: ['logic'],
  properties: {
    name: { type: ['string', 'null'], maxLength: 200 },
    description: { type: ['string', 'null'], maxLength: 4000 },
    logic: {},
    inputSchema: { type: ['object', 'null'] },
    testCases: {
      type: ['array', 'null'],
      maxItems: 500,
      items: {
        type: 'object',
        required: ['name', 'data', 'expected'],
        additionalProperties: false,
        properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, data: {}, expected: {} },
      },
    },
    changelog: { type: ['string', 'null'], maxLength: 4000 },
  },
};

export class PolicyService {
  constructor(private readonly db: Database, private readonly clock: Clock = systemClock) {}

  async list(actor: Actor): Promise<Policy[]> {
    authorize(actor, 'read', 'Policy');
    return this.db.em().find(Policy, {}, { populate: ['versions'], orderBy: { key: 'asc' } });
  }

  async get(actor: Actor, key: string): Promise<Policy | null> {
    authorize(actor, 'read', 'Policy');
    return this.db.em().findOne(Policy, { key }, { populate: ['versions'] });
  }

  async getVersion(actor: Actor, id: string): Promise<PolicyVersion> {
    authorize(actor, 'read', 'Policy');
    return this.loadVersion(this.db.em(), id);
  }

  /**
   * Saves a new draft version. Static-check problems are stored with the draft
   * (it can be saved, not published). Saving content identical to the latest
   * version returns that version, so re-loading the same files is a no-op.
   */
  async createVersion(actor: Actor, key: string, input: PolicyVersionInput): Promise<PolicyVersion> {
    authorize(actor, 'create', 'Policy');
    assertCatalogKey(key);
    assertValid(VERSION_INPUT_SCHEMA, input, 'policy version');
    const inputSchema = (input.inputSchema ?? null) as Record<string, unknown> | null;
    const schemaProblems = inputSchema ? checkSchema(inputSchema, '/inputSchema') : [];
    if (schemaProblems.length > 0) throw new ValidationError('inputSchema is not a valid JSON Schema', schemaProblems);
    const testCases = (input.testCases ?? []) as PolicyTestCase[];
    const problems: FieldProblem[] = checkPolicy(input.logic, inputSchema ?? undefined).map((p) => ({ ...p, path: `/logic${p.path}` }));
    const contentHash = hashContent({ logic: input.logic, inputSchema, testCases });

    return this.db.em().transactional(async (tx) => {
      let policy = await tx.findOne(Policy, { key });
      if (!policy) {
        policy = tx.create(Policy, { key, name: input.name?.trim() || key, description: input.description ?? '' });
        await appendAuditEvent(tx, actor, { action: 'policy.created', subjectType: 'Policy', subjectId: policy.id, after: { key, name: policy.name } });
      } else if (input.name || input.description) {
        policy.name = input.name?.trim() || policy.name;
        policy.description = input.description ?? policy.description;
      }
      const latest = await tx.findOne(PolicyVersion, { policy }, { orderBy: { version: 'desc' } });
      if (latest && latest.contentHash === contentHash) return latest;
      const version = tx.create(PolicyVersion, {
        policy,
        version: (latest?.version ?? 0) + 1,
        logic: input.logic,
        inputSchema,
        testCases,
        changelog: input.changelog ?? null,
        contentHash,
        problems,
        authorId: actor.userId,
        authorLabel: actor.label,
      });
      await appendAuditEvent(tx, actor, {
        action: 'policy_version.created', subjectType: 'PolicyVersion', subjectId: version.id,
        after: { key, version: version.version, contentHash, problems: problems.length },
      });
      return version;
    });
  }

  /** Publishing is the approval of a policy: clean static checks, all test cases passing, and not by its author. */
  async publish(actor: Actor, id: string): Promise<PolicyVersion> {
    authorize(actor, 'publish', 'Policy');
    return this.db.em().transactional(async (tx) => {
      const version = await this.loadVersion(tx, id);
      if (version.status !== 'draft') throw new ConflictError(`version ${version.version} is ${version.status}; only drafts can be published`);
      if (actor.kind !== 'system' && version.authorId && version.authorId === actor.userId) {
        throw new ConflictError('separation of duties: the author of a policy version cannot publish it', { rule: 'four-eyes' });
      }
      if (version.problems.length > 0) {
        throw new ValidationError(`version ${version.version} has ${version.problems.length} static-check problem(s); fix them in a new version`, version.problems);
      }
      if (version.testCases.length === 0) {
        throw ValidationError.single('/testCases', 'minItems', 'a policy needs at least one test case before it can be published');
      }
      const report = runPolicyTests(version.logic, version.testCases, { clock: this.clock });
      if (!report.passed) {
        const failing = report.cases.filter((c) => !c.passed);
        throw new ValidationError(
          `${failing.length} of ${report.total} test case(s) fail: ${failing.map((c) => c.name).join(', ')}`,
          failing.map((c) => ({ path: `/testCases/${version.testCases.findIndex((t) => t.name === c.name)}`, rule: 'test-case', message: c.error ?? `expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(c.actual)}` })),
        );
      }
      version.status = 'published';
      version.publishedAt = new Date();
      version.publishedBy = actor.label;
      await appendAuditEvent(tx, actor, {
        action: 'policy_version.published', subjectType: 'PolicyVersion', subjectId: version.id,
        before: { status: 'draft' }, after: { status: 'published', key: version.policy.key, version: version.version, contentHash: version.contentHash, tests: `${report.total - report.failed}/${report.total}` },
      });
      return version;
    });
  }

  async retire(actor: Actor, id: string, reason?: string | null): Promise<PolicyVersion> {
    authorize(actor, 'retire', 'Policy');
    return this.db.em().transactional(async (tx) => {
      const version = await this.loadVersion(tx, id);
      if (version.status !== 'published') throw new ConflictError(`version ${version.version} is ${version.status}; only published versions can be retired`);
      version.status = 'retired';
      version.retiredAt = new Date();
      await appendAuditEvent(tx, actor, {
        action: 'policy_version.retired', subjectType: 'PolicyVersion', subjectId: version.id,
        before: { status: 'published' }, after: { status: 'retired' }, reason: reason ?? null,
      });
      return version;
    });
  }

  async evaluate(actor: Actor, args: { logic?: unknown; versionId?: string | null; data: unknown }): Promise<PolicyEvaluation> {
    authorize(actor, 'evaluate', 'Policy');
    const hasLogic = args.logic !== undefined && args.logic !== null;
    if (hasLogic === Boolean(args.versionId)) {
      throw ValidationError.single(hasLogic ? '/versionId' : '/logic', 'one-of', 'give either logic or versionId, not both or neither');
    }
    const logic = hasLogic ? args.logic : (await this.loadVersion(this.db.em(), args.versionId ?? '')).logic;
    return evaluatePolicy(logic, args.data, { trace: true, clock: this.clock });
  }

  async runTests(actor: Actor, versionId: string): Promise<PolicyTestReport> {
    authorize(actor, 'evaluate', 'Policy');
    const version = await this.loadVersion(this.db.em(), versionId);
    return runPolicyTests(version.logic, version.testCases, { clock: this.clock });
  }

  /** The version in the `policies/*.json` file format, so a policy library can live in git. The export is audited. */
  async exportFile(actor: Actor, key: string, versionId?: string | null): Promise<string> {
    authorize(actor, 'read', 'Policy');
    return this.db.em().transactional(async (tx) => {
      const version = versionId
        ? await this.loadVersion(tx, versionId)
        : await tx.findOne(PolicyVersion, { policy: { key } }, { orderBy: { version: 'desc' }, populate: ['policy'] });
      if (!version || version.policy.key !== key) throw new NotFoundError('Policy', key);
      const file = serializePolicyFile({
        key, name: version.policy.name, description: version.policy.description, logic: version.logic as JsonValue,
        ...(version.inputSchema ? { inputSchema: version.inputSchema as JsonObject } : {}), testCases: version.testCases,
      });
      await appendAuditEvent(tx, actor, { action: 'policy_version.exported', subjectType: 'PolicyVersion', subjectId: version.id, after: { key, version: version.version } });
      return file;
    });
  }

  private async loadVersion(em: EntityManager, id: string): Promise<PolicyVersion> {
    if (!isUuid(id)) throw new NotFoundError('PolicyVersion', id);
    const version = await em.findOne(PolicyVersion, { id }, { populate: ['policy'] });
    if (!version) throw new NotFoundError('PolicyVersion', id);
    return version;
  }
}

