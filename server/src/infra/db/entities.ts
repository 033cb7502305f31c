import { Policy } from '../../modules/policies/policy.entity.js';
import { PolicyVersion } from '../../modules/policies/policy-version.entity.js';
import { Prompt } from '../../modules/prompts/prompt.entity.js';
import { PromptLabel } from '../../modules/prompts/prompt-label.entity.js';
import { PromptVersion } from '../../modules/prompts/prompt-version.entity.js';
import { AuditEvent } from '../../modules/audit/audit-event.entity.js';
import { ApiKey } from '../../modules/users/api-key.entity.js';
import { Session } from '../../modules/users/session.entity.js';
import { User } from '../../modules/users/user.entity.js';

/** Every entity the ORM knows; a feature adds its entities here. */
export const ENTITIES = [User, Session, ApiKey, AuditEvent, Policy, PolicyVersion, Prompt, PromptVersion, PromptLabel];
