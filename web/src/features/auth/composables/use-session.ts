import { computed, inject, ref, type ComputedRef, type InjectionKey, type Ref } from 'vue';
import type { SessionUserFragment } from '../../../generated/graphql.js';
import { buildRules, type AppAbility } from '../../../lib/ability.js';
import { asApiError, describeApiError } from '../../../lib/api-error.js';
import type { GraphQLClient } from '../../../lib/graphql-client.js';
import type { TokenStore } from '../../../lib/token-store.js';
import { CurrentUserDocument, SignInDocument, SignOutDocument } from '../session.operations.js';

export type SessionUser = SessionUserFragment;

/** `restoring` until the stored token (if any) has been checked with the server. */
export type SessionStatus = 'restoring' | 'signed-out' | 'signed-in';

export interface SessionOptions {
  client: GraphQLClient;
  tokens: TokenStore;
  /** Updated in place on sign-in and sign-out, so @casl/vue re-renders what depends on it. */
  ability: AppAbility;
}

export interface Session {
  readonly user: ComputedRef<SessionUser | null>;
  readonly status: ComputedRef<SessionStatus>;
  readonly isSignedIn: ComputedRef<boolean>;
  /** Why the person is looking at the sign-in page, when it is not by choice. */
  readonly notice: Ref<string | null>;
  readonly ability: AppAbility;
  /** Checks the stored token once; later calls return the same promise. */
  restore(): Promise<void>;
  /** Throws the ApiError of a refused sign-in; the session is unchanged then. */
  signIn(email: string, password: string): Promise<SessionUser>;
  /** Ends the session on the server too; the local session ends even if that call fails. */
  signOut(): Promise<void>;
  /** Drops the session locally (the token was refused, or sign-out finished). */
  end(notice?: string | null): void;
}

export const SESSION_KEY: InjectionKey<Session> = Symbol('docket.session');

export function createSession(options: SessionOptions): Session {
  const { client, tokens, ability } = options;
  const user = ref<SessionUser | null>(null);
  const status = ref<SessionStatus>('restoring');
  const notice = ref<string | null>(null);
  let restoring: Promise<void> | undefined;

  function begin(token: string, signedIn: SessionUser): void {
    tokens.write(token);
    user.value = signedIn;
    ability.update(buildRules(signedIn.roles));
    status.value = 'signed-in';
    notice.value = null;
  }

  function end(reason: string | null = null): void {
    tokens.clear();
    user.value = null;
    ability.update([]);
    status.value = 'signed-out';
    notice.value = reason;
  }

  async function load(): Promise<void> {
    const token = tokens.read();
    if (!token) {
      status.value = 'signed-out';
      return;
    }
    try {
      const { me } = await client.request(CurrentUserDocument);
      begin(token, me);
    } catch (error) {
      const apiError = asApiError(error);
      if (apiError.code === 'UNAUTHENTICATED') {
        end('Your session has ended. Please sign in again.');
        return;
      }
      // The server is unreachable or failing: keep the token so a reload can
      // resume the session, and say why the sign-in page is showing.
      user.value = null;
      status.value = 'signed-out';
      notice.value = describeApiError(apiError);
    }
  }

  return {
    user: computed(() => user.value),
    status: computed(() => status.value),
    isSignedIn: computed(() => status.value === 'signed-in'),
    notice,
    ability,
    restore() {
      restoring ??= load();
      return restoring;
    },
    async signIn(email, password) {
      const { login } = await client.request(SignInDocument, { email: email.trim(), password });
      restoring ??= Promise.resolve();
      begin(login.token, login.user);
      return login.user;
    },
    async signOut() {
      try {
        if (tokens.read()) await client.request(SignOutDocument);
      } catch {
        // The token is dropped below either way; a failed logout only leaves a
        // server session that expires on its own.
      } finally {
        end(null);
      }
    },
    end,
  };
}

export function useSession(): Session {
  const session = inject(SESSION_KEY);
  if (!session) throw new Error('useSession() needs the session provided by the app (SESSION_KEY)');
  return session;
}
