import { escapePointer } from '../shared/json-schema.js';
import type { TemplateProblem, TemplateSpec } from './template.model.js';

/** Shapes of well-known credentials; a template holding one would leak it to every reader and to the audit log. */
const CREDENTIAL_PATTERNS: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  { name: 'a bearer token', pattern: /\bBearer\s+[A-Za-z0-9._~+/-]{12,}/i },
  { name: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: 'an AWS access key', pattern: /\bAKIA[0-9A-Z]{16}\b/ },
  { name: 'an API secret key', pattern: /\b(?:sk|rk)[-_](?:live_|test_|proj-)?[A-Za-z0-9_-]{20,}/ },
  { name: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}/ },
  { name: 'a Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { name: 'a JSON web token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\./ },
  { name: 'a password in a URL', pattern: /:\/\/[^\s/:@]+:[^\s/@]+@/ },
  { name: 'a secret in a query string', pattern: /[?&](?:api[_-]?key|access[_-]?token|token|secret|password)=[^&\s]{6,}/i },
];

/** Field names that only ever hold credentials; a literal string there is a secret written into the template. */
const CREDENTIAL_FIELD = /^(?:api[-_]?key|apikey|secret|client[-_]?secret|password|passwd|access[-_]?token|auth[-_]?token|token|private[-_]?key|authorization)$/i;

/**
 * Secrets belong in the secret store and are named with `secretRef`; this
 * rejects literal credentials anywhere in a step config.
 */
export function scanForSecrets(spec: TemplateSpec): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  spec.steps.forEach((step, index) => {
    walk(step.config, `/steps/${index}/config`, undefined, (path, message) => {
      problems.push({ stepId: step.id, path, rule: 'secret-literal', message });
    });
  });
  return problems;
}

function walk(node: unknown, path: string, key: string | undefined, report: (path: string, message: string) => void): void {
  if (typeof node === 'string') {
    if (key !== undefined && CREDENTIAL_FIELD.test(key) && node.trim() !== '') {
      report(path, `'${key}' holds a literal value; store the secret and reference it with secretRef.`);
      return;
    }
    const match = CREDENTIAL_PATTERNS.find(({ pattern }) => pattern.test(node));
    if (match) report(path, `This looks like ${match.name}; store it as a secret and reference it with secretRef.`);
    return;
  }
  if (Array.isArray(node)) {
    node.forEach((item, index) => walk(item, `${path}/${index}`, key, report));
    return;
  }
  if (typeof node === 'object' && node !== null) {
    for (const [child, value] of Object.entries(node)) walk(value, `${path}/${escapePointer(child)}`, child, report);
  }
}
