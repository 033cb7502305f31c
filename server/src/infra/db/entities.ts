import { AuditEvent } from '../../modules/audit/audit-event.entity.js';
import { ApiKey } from '../../modules/users/api-key.entity.js';
import { Session } from '../../modules/users/session.entity.js';
import { User } from '../../modules/users/user.entity.js';

/** Every entity the ORM knows; a feature adds its entities here. */
export const ENTITIES = [User, Session, ApiKey, AuditEvent];
