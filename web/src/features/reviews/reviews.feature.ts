import type { FeatureModule } from '../../app/feature-module.js';

export const reviewsFeature: FeatureModule = {
  id: 'reviews',
  routes: [
    {
      path: 'reviews',
      name: 'reviews',
      component: () => import('./views/reviews-view.vue'),
      meta: { title: 'Reviews' },
    },
    {
      path: 'reviews/:id',
      name: 'review-task',
      component: () => import('./views/review-task-view.vue'),
      props: true,
      meta: { title: 'Review task' },
    },
  ],
  navigation: [
    {
      routeName: 'reviews',
      label: 'Reviews',
      description: 'Decide the tasks runs are waiting on: confirm, correct or reject what was extracted.',
      requires: ['read', 'ReviewTask'],
      order: 30,
      activeFor: ['review-task'],
    },
  ],
};
