/** USD per one million tokens, for one model. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

export type PriceTable = Record<string, ModelPrice>;

/**
 * List prices of common OpenAI models (USD per 1M tokens, standard tier,
 * mid-2025). Prices change: deployments override this through LlmConfig,
 * and an on-premise model simply costs 0 with `costKnown: false`.
 */
export const defaultPriceTable: PriceTable = {
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  'gpt-5': { inputPerMillion: 1.25, outputPerMillion: 10 },
  'gpt-5-mini': { inputPerMillion: 0.25, outputPerMillion: 2 },
  'gpt-5-nano': { inputPerMillion: 0.05, outputPerMillion: 0.4 },
  'o4-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4 },
};

/**
 * Exact name first, then the longest entry the name extends with a dash,
 * so a dated snapshot (`gpt-4o-mini-2024-07-18`) is priced as its family.
 */
export function findModelPrice(table: PriceTable, model: string): ModelPrice | undefined {
  const exact = table[model];
  if (exact) return exact;
  let best: string | undefined;
  for (const name of Object.keys(table)) {
    if (model.startsWith(`${name}-`) && (best === undefined || name.length > best.length)) best = name;
  }
  return best === undefined ? undefined : table[best];
}

export function computeCostUsd(
  table: PriceTable,
  model: string,
  usage: { promptTokens: number; completionTokens: number },
): { costUsd: number; known: boolean } {
  const price = findModelPrice(table, model);
  if (!price) return { costUsd: 0, known: false };
  const costUsd = (usage.promptTokens * price.inputPerMillion + usage.completionTokens * price.outputPerMillion) / 1_000_000;
  return { costUsd: Math.round(costUsd * 1e9) / 1e9, known: true };
}
