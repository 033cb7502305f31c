import { apiKeysFeature } from '../features/api-keys/api-keys.feature.js';
import { auditFeature } from '../features/audit/audit.feature.js';
import { dashboardFeature } from '../features/dashboard/dashboard.feature.js';
import { policiesFeature } from '../features/policies/policies.feature.js';
import { reviewsFeature } from '../features/reviews/reviews.feature.js';
import { runsFeature } from '../features/runs/runs.feature.js';
import { templatesFeature } from '../features/templates/templates.feature.js';
import type { FeatureModule, NavigationItem } from './feature-module.js';

/** Every feature of the signed-in app; see FeatureModule. */
export const FEATURES: readonly FeatureModule[] = [
  dashboardFeature,
  templatesFeature,
  runsFeature,
  reviewsFeature,
  policiesFeature,
  auditFeature,
  apiKeysFeature,
];

export function listNavigation(features: readonly FeatureModule[] = FEATURES): NavigationItem[] {
  return features.flatMap((feature) => feature.navigation).sort((a, b) => a.order - b.order);
}
