import type { FeatureModule } from '../../app/feature-module.js';

export const templatesFeature: FeatureModule = {
  id: 'templates',
  routes: [
    {
      path: 'templates',
      name: 'templates',
      component: () => import('./views/templates-view.vue'),
      meta: { title: 'Templates' },
    },
    {
      path: 'templates/:templateKey',
      name: 'template',
      component: () => import('./views/template-detail-view.vue'),
      props: true,
      meta: { title: 'Template' },
    },
  ],
  navigation: [
    {
      routeName: 'templates',
      label: 'Templates',
      description: 'See each process as a graph of steps, check it for problems and start a run.',
      requires: ['read', 'Template'],
      order: 10,
      activeFor: ['template'],
    },
  ],
};
