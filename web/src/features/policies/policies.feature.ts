import type { FeatureModule } from '../../app/feature-module.js';

export const policiesFeature: FeatureModule = {
  id: 'policies',
  routes: [
    {
      path: 'policies',
      name: 'policies',
      component: () => import('./views/policies-view.vue'),
      meta: { title: 'Policies' },
    },
    {
      path: 'policies/:policyKey',
      name: 'policy',
      component: () => import('./views/policy-detail-view.vue'),
      props: true,
      meta: { title: 'Policy' },
    },
  ],
  navigation: [
    {
      routeName: 'policies',
      label: 'Policies',
      description: 'Read the business rules, try them on sample data and run their tests.',
      requires: ['read', 'Policy'],
      order: 40,
      activeFor: ['policy'],
    },
  ],
};
