import { isPlainObject } from './json-value.js';
import type { ValueKind } from './operator-signature.js';

type Schema = Record<string, unknown>;

/**
 * Where a data path lands in an input schema: the candidate schemas (several
 * when anyOf/oneOf/allOf branch), or `open` when some schema on the way
 * allows anything, so nothing can be said past it.
 */
export type SchemaScope = { open: true } | { open: false; schemas: Schema[] };

export type PathResolution =
  | { found: true; scope: SchemaScope; kinds: ValueKind[] | undefined }
  | { found: false; segment: string };

const MAX_EXPANSION = 32;
const OPEN: SchemaScope = { open: true };

/**
 * Resolves `$ref` (local `#/$defs/…` or `#/definitions/…` only) and the
 * combinators into plain candidate schemas. A candidate that constrains
 * nothing (`true`, `{}`, an unresolvable `$ref`) makes the scope open.
 */
function expand(root: Schema, schemas: unknown[]): SchemaScope {
  const out: Schema[] = [];
  const queue = [...schemas];
  for (let steps = 0; queue.length > 0; steps += 1) {
    if (steps > MAX_EXPANSION) return OPEN;
    const schema = queue.shift();
    if (schema === false) continue;
    if (schema === true || !isPlainObject(schema)) return OPEN;
    if (typeof schema.$ref === 'string') {
      const target = resolveRef(root, schema.$ref);
      if (target === undefined) return OPEN;
      queue.push(target);
    }
    for (const combinator of ['allOf', 'anyOf', 'oneOf']) {
      const members = schema[combinator];
      if (Array.isArray(members)) queue.push(...members);
    }
    const constrains = ['type', 'properties', 'items', 'prefixItems', 'const', 'enum', 'additionalProperties'].some((k) => k in schema);
    if (constrains) out.push(schema);
    else if (!('$ref' in schema) && !['allOf', 'anyOf', 'oneOf'].some((k) => k in schema)) return OPEN;
  }
  return { open: false, schemas: out };
}

function resolveRef(root: Schema, ref: string): unknown {
  const match = /^#\/(\$defs|definitions)\/([^/]+)$/.exec(ref);
  if (!match) return ref === '#' ? root : undefined;
  const defs = root[match[1] as string];
  const name = (match[2] as string).replace(/~1/g, '/').replace(/~0/g, '~');
  return isPlainObject(defs) && Object.prototype.hasOwnProperty.call(defs, name) ? defs[name] : undefined;
}

function typesOf(schema: Schema): ValueKind[] | undefined {
  const declared = schema.type;
  if (typeof declared === 'string' || Array.isArray(declared)) {
    const list = (Array.isArray(declared) ? declared : [declared]) as string[];
    return list.map((type) => (type === 'integer' ? 'number' : type) as ValueKind);
  }
  const values = 'const' in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : undefined;
  if (values) return values.map(kindOfValue);
  if ('properties' in schema) return ['object'];
  if ('items' in schema || 'prefixItems' in schema) return ['array'];
  return undefined;
}

export function kindOfValue(value: unknown): ValueKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as ValueKind;
}

function kindsOfScope(scope: SchemaScope): ValueKind[] | undefined {
  if (scope.open) return undefined;
  const kinds = new Set<ValueKind>();
  for (const schema of scope.schemas) {
    const types = typesOf(schema);
    if (!types) return undefined;
    for (const type of types) kinds.add(type);
  }
  return [...kinds];
}

/** One step down: a property of an object or an index (or `length`) of an array. */
function step(schema: Schema, segment: string): unknown[] | 'open' | 'length' {
  const types = typesOf(schema);
  const mayBe = (kind: ValueKind): boolean => types === undefined || types.includes(kind);
  const next: unknown[] = [];
  if (mayBe('object')) {
    const properties = schema.properties;
    if (isPlainObject(properties) && Object.prototype.hasOwnProperty.call(properties, segment)) {
      next.push(properties[segment]);
    } else if ('patternProperties' in schema || schema.additionalProperties === true) {
      return 'open'; // schema patterns are not run here: they are not Docket's to trust
    } else if (isPlainObject(schema.additionalProperties)) {
      next.push(schema.additionalProperties);
    } else if (!('properties' in schema) && schema.additionalProperties === undefined && types?.includes('object')) {
      return 'open';
    }
  }
  if (mayBe('array') && ('items' in schema || 'prefixItems' in schema || types?.includes('array'))) {
    if (segment === 'length') return 'length';
    if (/^\d+$/.test(segment)) {
      const prefix = schema.prefixItems;
      const index = Number(segment);
      if (Array.isArray(prefix) && index < prefix.length) next.push(prefix[index]);
      else if ('items' in schema) next.push(schema.items);
      else return 'open';
    }
  }
  if (segment === 'length' && mayBe('string') && types !== undefined) return 'length';
  return next;
}

/** Resolves a dotted `var` path ('' is the scope itself) against the schemas of a scope. */
export function resolvePath(root: Schema, scope: SchemaScope, path: string): PathResolution {
  let current = scope;
  const segments = path === '' ? [] : path.split('.');
  for (let i = 0; i < segments.length; i += 1) {
    if (current.open) return { found: true, scope: OPEN, kinds: undefined };
    const segment = segments[i] as string;
    const next: unknown[] = [];
    for (const schema of current.schemas) {
      const result = step(schema, segment);
      if (result === 'open') return { found: true, scope: OPEN, kinds: undefined };
      if (result === 'length') {
        if (i === segments.length - 1) return { found: true, scope: { open: false, schemas: [{ type: 'integer' }] }, kinds: ['number'] };
        continue;
      }
      next.push(...result);
    }
    if (next.length === 0) return { found: false, segment };
    current = expand(root, next);
  }
  return { found: true, scope: current, kinds: kindsOfScope(current) };
}

export function rootScope(schema: Schema): SchemaScope {
  return expand(schema, [schema]);
}

/** The scope of an array's elements, for the body of map/filter/all/some/none. */
export function itemsScope(root: Schema, scope: SchemaScope): SchemaScope {
  if (scope.open) return OPEN;
  const items: unknown[] = [];
  for (const schema of scope.schemas) {
    if ('items' in schema) items.push(schema.items);
    if (Array.isArray(schema.prefixItems)) items.push(...schema.prefixItems);
  }
  return items.length === 0 ? OPEN : expand(root, items);
}
