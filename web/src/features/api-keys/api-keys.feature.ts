import type { FeatureModule } from '../../app/feature-module.js';

export const apiKeysFeature: FeatureModule = {
  id: 'api-keys',
  routes: [
    {
      path: 'api-keys',
      name: 'api-keys',
      component: () => import('./views/api-keys-view.vue'),
      meta: { title: 'API keys' },
    },
  ],
  navigation: [
    {
      routeName: 'api-keys',
      label: 'API keys',
      description: 'Keys that let integrations such as an ERP call Docket, and where to revoke them.',
      order: 90,
    },
  ],
};
