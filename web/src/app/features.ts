import { apiKeysFeature } from '../features/api-keys/api-keys.feature.js';
import { dashboardFeature } from '../features/dashboard/dashboard.feature.js';
import type { FeatureModule, NavigationItem } from './feature-module.js';

/** Every feature of the signed-in app; see FeatureModule. */
export const FEATURES: readonly FeatureModule[] = [dashboardFeature, apiKeysFeature];

export function listNavigation(features: readonly FeatureModule[] = FEATURES): NavigationItem[] {
  return features.flatMap((feature) => feature.navigation).sort((a, b) => a.order - b.order);
}
