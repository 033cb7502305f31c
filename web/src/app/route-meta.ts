import 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    /** Signed-out visitors are sent to the sign-in page. */
    requiresAuth?: boolean;
    /** Signed-in people are sent home instead (the sign-in page). */
    guestOnly?: boolean;
    /** Page title, before " · Docket". */
    title?: string;
  }
}

export {};
