import type { FeatureModule } from '../../app/feature-module.js';

export const auditFeature: FeatureModule = {
  id: 'audit',
  routes: [
    {
      path: 'audit',
      name: 'audit',
      component: () => import('./views/audit-view.vue'),
      meta: { title: 'Audit trail' },
    },
  ],
  navigation: [
    {
      routeName: 'audit',
      label: 'Audit',
      description: 'Read the append-only record of every change and decision, and verify that nobody altered it.',
      requires: ['read', 'AuditEvent'],
      order: 80,
    },
  ],
};
