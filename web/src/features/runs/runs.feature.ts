import type { FeatureModule } from '../../app/feature-module.js';

export const runsFeature: FeatureModule = {
  id: 'runs',
  routes: [
    {
      path: 'runs',
      name: 'runs',
      component: () => import('./views/runs-view.vue'),
      meta: { title: 'Runs' },
    },
    {
      path: 'runs/:id',
      name: 'run',
      component: () => import('./views/run-detail-view.vue'),
      props: true,
      meta: { title: 'Run' },
    },
  ],
  navigation: [
    {
      routeName: 'runs',
      label: 'Runs',
      description: 'Follow each run step by step: what it decided, why, and what a reviewer corrected.',
      requires: ['read', 'Run'],
      order: 20,
      activeFor: ['run'],
    },
  ],
};
