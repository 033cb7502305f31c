import type { RouteRecordRaw } from 'vue-router';
import type { Action, Subject } from '../lib/ability.js';

export interface NavigationItem {
  /** Name of one of the feature's routes. */
  routeName: string;
  label: string;
  /** One line for the dashboard's "get started" cards; items without it get no card. */
  description?: string;
  /** Shown only to people who may do this; the server checks again on every call. */
  requires?: readonly [Action, Subject];
  /** Position in the header, lowest first. */
  order: number;
  /** Other routes of the feature (a detail page) that also mark this item as the current one. */
  activeFor?: readonly string[];
}

/**
 * One screen area of the signed-in app. A feature folder exports one of these
 * from its `*.feature.ts`; app/features.ts lists them, and the router and the
 * header are built from that list, so adding a feature touches one line there.
 */
export interface FeatureModule {
  id: string;
  /** Child routes of the signed-in shell (paths relative to `/`). */
  routes: RouteRecordRaw[];
  navigation: NavigationItem[];
}
