/**
 * Bounds on what a policy evaluation accepts and does. Rules and data come from
 * users (builders, integrators, LLM extractions), so every unbounded dimension
 * is capped here and checked before any recursion or library call.
 */

/** Longest JSON pointer (in segments) a rule may contain. */
export const MAX_RULE_DEPTH = 64;

/** Values (objects, arrays and scalars) a rule may contain. */
export const MAX_RULE_NODES = 10_000;

/** Nesting allowed in data; real documents stay far below, and code that copies data may recurse. */
export const MAX_DATA_DEPTH = 100;

/** Approximate JSON size of the data a rule is evaluated on (1 MiB). */
export const MAX_DATA_BYTES = 1_048_576;

/**
 * Work budget of one evaluation, in steps: one step per operation evaluated,
 * plus one per 32 array elements or 1,024 string characters an operation
 * receives. About a quarter of a second of the slowest path on a laptop core.
 */
export const MAX_EVALUATION_STEPS = 1_000_000;

/** Entries kept in a trace; evaluation goes on past it, the trace says it was cut. */
export const MAX_TRACE_ENTRIES = 5_000;

/** Characters of the one-line explanation. */
export const MAX_EXPLANATION_LENGTH = 500;

/** `regex_test`: longest pattern and longest tested string. */
export const MAX_REGEX_PATTERN_LENGTH = 256;
export const MAX_REGEX_INPUT_LENGTH = 10_000;

/** `regex_test`: automaton states after expanding counted repetitions; bounds the work per character. */
export const MAX_REGEX_STATES = 2_000;

/** `normalize_name` / `name_similarity`: longest name, keeping edit distance cheap. */
export const MAX_NAME_LENGTH = 1_000;

/** Test cases one policy may carry. */
export const MAX_TEST_CASES = 500;
