import type { Ref } from 'vue';
import { useNamedList, type UseNamedList, type UseNamedListOptions } from '../../../composables/use-named-list.js';
import type { PoliciesQuery } from '../../../generated/graphql.js';
import { PoliciesDocument } from '../policies.operations.js';

export type PolicyRow = PoliciesQuery['policies'][number];

export type UsePoliciesOptions = UseNamedListOptions;

export interface UsePolicies extends Omit<UseNamedList<PolicyRow>, 'items'> {
  /** By name. */
  policies: Ref<PolicyRow[]>;
}

export function usePolicies(options: UsePoliciesOptions = {}): UsePolicies {
  const { items, ...rest } = useNamedList(async (client) => (await client.request(PoliciesDocument)).policies, options);
  return { policies: items, ...rest };
}
