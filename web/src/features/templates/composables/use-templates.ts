import type { Ref } from 'vue';
import { useNamedList, type UseNamedList, type UseNamedListOptions } from '../../../composables/use-named-list.js';
import type { TemplatesQuery } from '../../../generated/graphql.js';
import { TemplatesDocument } from '../templates.operations.js';

export type TemplateRow = TemplatesQuery['templates'][number];

export type UseTemplatesOptions = UseNamedListOptions;

export interface UseTemplates extends Omit<UseNamedList<TemplateRow>, 'items'> {
  /** By name. */
  templates: Ref<TemplateRow[]>;
}

export function useTemplates(options: UseTemplatesOptions = {}): UseTemplates {
  const { items, ...rest } = useNamedList(async (client) => (await client.request(TemplatesDocument)).templates, options);
  return { templates: items, ...rest };
}
