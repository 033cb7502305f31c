import { createRouter, createWebHistory, type RouteLocationNormalized, type Router } from 'vue-router';
import { authRoutes } from '../features/auth/auth.routes.js';
import type { Session } from '../features/auth/composables/use-session.js';
import AppShell from '../features/shell/views/app-shell.vue';
import { FEATURES } from './features.js';
import './route-meta.js';

/** The query that brings a person back to `route` after signing in. */
export function signInQuery(route: RouteLocationNormalized): Record<string, string> {
  return route.meta.requiresAuth && route.fullPath !== '/' ? { redirect: route.fullPath } : {};
}

export function createAppRouter(session: Session): Router {
  const router = createRouter({
    history: createWebHistory(),
    routes: [
      ...authRoutes,
      {
        path: '/',
        component: AppShell,
        meta: { requiresAuth: true },
        children: FEATURES.flatMap((feature) => feature.routes),
      },
      { path: '/:unknown(.*)*', redirect: { name: 'home' } },
    ],
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  });

  router.beforeEach(async (to) => {
    await session.restore();
    const signedIn = session.isSignedIn.value;
    if (to.matched.some((record) => record.meta.requiresAuth) && !signedIn) {
      return { name: 'sign-in', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
    }
    if (to.meta.guestOnly && signedIn) return { name: 'home' };
    return true;
  });

  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · Docket` : 'Docket';
  });

  return router;
}
