import { ValidationError } from '../errors/index.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { runWithClock } from './evaluation-context.js';
import { explainEvaluation, explainUntraced as explainUntracedImport } from './explain-evaluation.js';
import type { RuleAnalysis } from './inspect-rule.js';
import { LocatedError, RuleInterpreter, type TraceEntry, type VarRead } from './interpret-rule.js';
import { findNonJsonValue, type JsonValue } from './json-value.js';
import { MAX_EVALUATION_STEPS } from './limits.js';
import { measureData as measureDataImport, type DataStats } from './measure-data.js';
import { jsonLogic as engineImport } from './operator-registry.js';
import { prepareRule as prepareRuleImport, type PreparedRule } from './prepare-rule.js';
import { OperatorError } from './operators/operator-error.js';

export interface EvaluateOptions {
  /** Record every operation with its arguments and value (slower; for reviews, tests and step explanations). */
  trace?: boolean;
  /** Where `now` comes from; the system clock by default. */
  clock?: Clock;
}

export interface PolicyEvaluation {
  result: JsonValue;
  /** Operations in rule order (empty without `trace`). */
  trace: TraceEntry[];
  /** Data paths the rule read at its top scope, with their values (empty without `trace`). */
  varsRead: VarRead[];
  /** One line: the result and the comparisons that decided it. */
  explanation: string;
  /** True when the trace hit MAX_TRACE_ENTRIES and stopped recording. */
  traceTruncated: boolean;
}

// Module-local copies of what every untraced evaluation touches: a module
// loader may turn each read of an imported binding into a getter call, which
// shows at this path's budget (within 1.2x of a bare jsonLogic.apply).
const STEP_LIMIT = MAX_EVALUATION_STEPS;
const jsonLogic = engineImport;
const prepareRule = prepareRuleImport;
const measureData = measureDataImport;
const explainUntraced = explainUntracedImport;
/** Shared by untraced evaluations: frozen, so a caller cannot fill one for everybody. */
const NOTHING_TRACED: TraceEntry[] = Object.freeze([]) as unknown as TraceEntry[];
const NOTHING_READ: VarRead[] = Object.freeze([]) as unknown as VarRead[];

/**
 * Upper bound of the steps the interpreter would count for this rule on this
 * data (see MAX_EVALUATION_STEPS). Deliberately rough and high: it only
 * decides whether the unmetered library may run the rule directly.
 */
function estimateSteps(analysis: RuleAnalysis, data: DataStats): number {
  const longest = Math.max(data.maxArrayLength, analysis.maxArrayLength, 1);
  const strings = Math.max(data.maxStringLength, analysis.maxStringLength) >> 5;
  const inputSize = Math.max(longest, strings) * (1 + analysis.growthOperations);
  const perScope = analysis.operations * (1 + inputSize / 32);
  return perScope * longest ** analysis.scopeDepth * (analysis.growingReduce ? longest : 1);
}

function toValidationError(error: unknown): ValidationError {
  if (error instanceof ValidationError) return error;
  if (error instanceof LocatedError) {
    const rule = error.original instanceof OperatorError ? error.original.rule : 'evaluation-error';
    const where = error.pointer || '/';
    return new ValidationError(`${where} (${error.operator}): ${error.message}`, [{ path: error.pointer, rule, message: error.message }], {
      cause: error.original,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ValidationError(`evaluation failed: ${message}`, [{ path: '', rule: 'evaluation-error', message }], { cause: error });
}

function interpret(rule: PreparedRule, data: unknown, clock: Clock, record: boolean) {
  try {
    const { root, operations } = rule.compiled();
    const interpreter = new RuleInterpreter(record, operations);
    return rule.analysis.readsClock ? runWithClock(clock, () => interpreter.run(root, data)) : interpreter.run(root, data);
  } catch (error) {
    throw toValidationError(error);
  }
}

/** Where a non-finite value first appeared: the deepest traced operation that produced one. */
function findNonFiniteSource(trace: TraceEntry[]): TraceEntry | undefined {
  let source = trace.find((entry) => entry.nonFinite !== undefined);
  for (const entry of trace) {
    if (source && entry.nonFinite !== undefined && entry.pointer.startsWith(`${source.pointer}/`)) source = entry;
  }
  return source;
}

/**
 * Results go straight into JSON columns, so NaN and ±Infinity are reported,
 * never written as null behind the author's back: an evaluation whose result
 * holds one fails with rule `non-finite` at the operation that produced it
 * (typically a division by zero). Intermediate non-finite values that do not
 * reach the result are the library's business and show in the trace.
 * `undefined` becomes null and -0 becomes 0.
 */
function finishResult(result: unknown, rule: PreparedRule, data: unknown, clock: Clock, trace: TraceEntry[] | undefined): JsonValue {
  if (result === undefined) return null;
  if (typeof result === 'number' && Number.isFinite(result)) return result === 0 ? 0 : result;
  if (result === null || typeof result === 'string' || typeof result === 'boolean') return result;
  const problem = findNonJsonValue(result);
  if (problem === undefined) return result as JsonValue;
  if (problem === 'non-json') {
    throw ValidationError.single('', 'non-json-result', 'the result is not JSON (a data path probably reached a built-in property)');
  }
  const source = findNonFiniteSource(trace ?? interpret(rule, data, clock, true).trace);
  const pointer = source?.pointer ?? '';
  throw ValidationError.single(
    pointer,
    'non-finite',
    `${source ? `"${source.operator}"` : 'the rule'} produced ${source?.nonFinite ?? 'a non-finite number'}, which reached the result; guard divisions by zero`,
  );
}

/**
 * Evaluates a JSON-logic rule on data with json-logic-js semantics.
 *
 * The rule object is checked once and then deep-frozen and remembered (see
 * prepareRule), so evaluating the same object again skips the check.
 *
 * Without trace, a well-formed rule whose work is bounded runs straight on
 * `jsonLogic.apply`, after a structural check of the rule and a size check
 * of the data. With trace, or when the rule computes its paths or could do
 * unbounded work on this data, Docket's metered interpreter runs it (same
 * results). Every bad input ends in a ValidationError (BAD_USER_INPUT) that
 * names the JSON pointer inside the rule and the rule broken.
 */
export function evaluatePolicy(logic: unknown, data: unknown, options: EvaluateOptions = {}): PolicyEvaluation {
  const rule = prepareRule(logic);
  const stats = measureData(data);
  const { analysis } = rule;
  if (options.trace || analysis.dynamicPaths || estimateSteps(analysis, stats) > STEP_LIMIT) return interpretPolicy(rule, data, options);

  let raw: unknown;
  try {
    raw = analysis.readsClock ? runWithClock(options.clock ?? systemClock, () => jsonLogic.apply(logic, data)) : jsonLogic.apply(logic, data);
  } catch (error) {
    // The library does not say where it failed: replay on the interpreter, which does.
    interpret(rule, data, options.clock ?? systemClock, false);
    throw toValidationError(error);
  }
  const result = finishResult(raw, rule, data, options.clock ?? systemClock, undefined);
  return { result, trace: NOTHING_TRACED, varsRead: NOTHING_READ, explanation: explainUntraced(result), traceTruncated: false };
}

/** The metered path: traced evaluations, computed paths, and rules that could do heavy work on this data. */
function interpretPolicy(rule: PreparedRule, data: unknown, options: EvaluateOptions): PolicyEvaluation {
  const clock = options.clock ?? systemClock;
  const run = interpret(rule, data, clock, options.trace === true);
  const result = finishResult(run.result, rule, data, clock, options.trace ? run.trace : undefined);
  if (!options.trace) {
    return { result, trace: NOTHING_TRACED, varsRead: NOTHING_READ, explanation: explainUntraced(result), traceTruncated: false };
  }
  return {
    result,
    trace: run.trace,
    varsRead: run.varsRead,
    explanation: explainEvaluation(rule.compiled().root, run.topEntries, result, run.truncated),
    traceTruncated: run.truncated,
  };
}
