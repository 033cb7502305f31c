import { abilitiesPlugin } from '@casl/vue';
import { createApp } from 'vue';
import AppRoot from './app/app-root.vue';
import { createAppRouter, signInQuery } from './app/router.js';
import { GRAPHQL_CLIENT_KEY } from './composables/use-graphql-client.js';
import { createSession, SESSION_KEY } from './features/auth/composables/use-session.js';
import { createAbility } from './lib/ability.js';
import { createGraphQLClient } from './lib/graphql-client.js';
import { createTokenStore, type KeyValueStorage } from './lib/token-store.js';
import './styles/base.css';

function browserStorage(): KeyValueStorage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

const tokens = createTokenStore(browserStorage());
const ability = createAbility();

const client = createGraphQLClient({
  endpoint: '/graphql',
  getToken: () => tokens.read(),
  onUnauthenticated: () => {
    const wasSignedIn = session.isSignedIn.value;
    session.end('Your session has ended. Please sign in again.');
    // While the stored token is being checked, the router guard is already
    // deciding where to go; only a session that ends mid-use needs a redirect.
    if (!wasSignedIn) return;
    const current = router.currentRoute.value;
    if (current.name !== 'sign-in') void router.replace({ name: 'sign-in', query: signInQuery(current) });
  },
});
const session = createSession({ client, tokens, ability });
const router = createAppRouter(session);

createApp(AppRoot)
  .provide(SESSION_KEY, session)
  .provide(GRAPHQL_CLIENT_KEY, client)
  .use(abilitiesPlugin, ability)
  .use(router)
  .mount('#app');
