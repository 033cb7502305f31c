import jsonLogicModule from 'json-logic-js';
import { BUILTIN_OPERATOR_NAMES, BUILTIN_OPERATORS } from './builtin-operators.js';
import type { CustomOperator, OperatorSignature } from './operator-signature.js';
import { CUSTOM_OPERATORS } from './operators/index.js';

/** The parts of json-logic-js Docket uses, typed (`truthy` is public but missing from @types). */
interface JsonLogicEngine {
  apply(logic: unknown, data?: unknown): unknown;
  add_operation(name: string, code: (...args: unknown[]) => unknown): void;
  truthy(value: unknown): boolean;
}

export const jsonLogic = jsonLogicModule as unknown as JsonLogicEngine;

const OPERATOR_NAME = /^[a-z][a-z0-9_]*$/;
const registered = new Map<string, CustomOperator>();
const signatures = new Map<string, OperatorSignature>(BUILTIN_OPERATORS.map((signature) => [signature.name, signature]));

/**
 * Adds a Docket operator to json-logic-js. Built-in names are refused so the
 * library's semantics stay exactly its own, and so are names that could reach
 * the operations table's prototype. Registering the same operator again is a
 * no-op; a different operator under a taken name is refused.
 */
export function registerOperator(operator: CustomOperator): void {
  const { name } = operator;
  if (BUILTIN_OPERATOR_NAMES.has(name)) {
    throw new Error(`"${name}" is a json-logic built-in operator; Docket never overrides built-ins`);
  }
  // json-logic-js stores operations in a plain object and calls its hasOwnProperty: no inherited names
  if (!OPERATOR_NAME.test(name) || name in Object.prototype) {
    throw new Error(`operator name "${name}" must match ${OPERATOR_NAME} and not be an Object.prototype member`);
  }
  const existing = registered.get(name);
  if (existing === operator) return;
  if (existing) throw new Error(`operator "${name}" is already registered`);
  jsonLogic.add_operation(name, operator.apply);
  registered.set(name, operator);
  signatures.set(name, operator);
}

for (const operator of CUSTOM_OPERATORS) registerOperator(operator);

export function findOperator(name: string): OperatorSignature | undefined {
  return signatures.get(name);
}

export function findCustomOperator(name: string): CustomOperator | undefined {
  return registered.get(name);
}
