import type { FeatureModule } from '../../app/feature-module.js';

export const dashboardFeature: FeatureModule = {
  id: 'dashboard',
  routes: [
    {
      path: '',
      name: 'home',
      component: () => import('./views/dashboard-view.vue'),
      meta: { title: 'Home' },
    },
  ],
  navigation: [{ routeName: 'home', label: 'Home', order: 0 }],
};
