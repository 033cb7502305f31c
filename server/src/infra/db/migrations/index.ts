import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261204153938_initial } from './Migration20261204153938_initial.js';
import { Migration20261204154659_policies } from './Migration20261204154659_policies.js';
import { Migration20261204154905_prompts } from './Migration20261204154905_prompts.js';
import { Migration20261204160509_engine } from './Migration20261204160509_engine.js';
import { Migration20261204161543_step_worker } from './Migration20261204161543_step_worker.js';
import { Migration20261204163007_encryption } from './Migration20261204163007_encryption.js';
import { Migration20261204165432_retention } from './Migration20261204165432_retention.js';
import { Migration20261204173900_audit_append } from './Migration20261204173900_audit_append.js';
import { Migration20261204190000_catalog_generation } from './Migration20261204190000_catalog_generation.js';
import { Migration20261204194500_audit_at_commit } from './Migration20261204194500_audit_at_commit.js';
import { Migration20261204210000_one_trip_checks } from './Migration20261204210000_one_trip_checks.js';
import { Migration20261204213000_audit_drain } from './Migration20261204213000_audit_drain.js';

/**
 * Migrations are listed explicitly (not globbed from disk) so the same list
 * works from TypeScript sources in tests and from the compiled build.
 */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261204153938_initial', class: Migration20261204153938_initial },
  { name: 'Migration20261204154659_policies', class: Migration20261204154659_policies },
  { name: 'Migration20261204154905_prompts', class: Migration20261204154905_prompts },
  { name: 'Migration20261204160509_engine', class: Migration20261204160509_engine },
  { name: 'Migration20261204161543_step_worker', class: Migration20261204161543_step_worker },
  { name: 'Migration20261204163007_encryption', class: Migration20261204163007_encryption },
  { name: 'Migration20261204165432_retention', class: Migration20261204165432_retention },
  { name: 'Migration20261204173900_audit_append', class: Migration20261204173900_audit_append },
  { name: 'Migration20261204190000_catalog_generation', class: Migration20261204190000_catalog_generation },
  { name: 'Migration20261204194500_audit_at_commit', class: Migration20261204194500_audit_at_commit },
  { name: 'Migration20261204210000_one_trip_checks', class: Migration20261204210000_one_trip_checks },
  { name: 'Migration20261204213000_audit_drain', class: Migration20261204213000_audit_drain },
];
