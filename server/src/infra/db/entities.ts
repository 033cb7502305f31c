import { Policy } from '../../modules/policies/policy.entity.js';
import { PolicyVersion } from '../../modules/policies/policy-version.entity.js';
import { Prompt } from '../../modules/prompts/prompt.entity.js';
import { PromptLabel } from '../../modules/prompts/prompt-label.entity.js';
import { PromptVersion } from '../../modules/prompts/prompt-version.entity.js';
import { ReviewTask } from '../../modules/runs/review-task.entity.js';
import { Run } from '../../modules/runs/run.entity.js';
import { StepRun } from '../../modules/runs/step-run.entity.js';
import { Secret } from '../../modules/secrets/secret.entity.js';
import { ProcessTemplate } from '../../modules/templates/process-template.entity.js';
import { TemplateVersion } from '../../modules/templates/template-version.entity.js';
import { AuditEvent } from '../../modules/audit/audit-event.entity.js';
import { ApiKey } from '../../modules/users/api-key.entity.js';
import { Session } from '../../modules/users/session.entity.js';
import { User } from '../../modules/users/user.entity.js';

/** Every entity the ORM knows; a feature adds its entities here. */
export const ENTITIES = [
  User, Session, ApiKey, AuditEvent, Policy, PolicyVersion, Prompt, PromptVersion, PromptLabel,
  ProcessTemplate, TemplateVersion, Run, StepRun, ReviewTask, Secret,
];
