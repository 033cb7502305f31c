export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string; details?: unknown; [key: string]: unknown } }>;
}

/** Posts one GraphQL operation over real HTTP, like an integrator would. */
export async function gql<T = Record<string, unknown>>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

/** Logs a demo user in and returns the session token. */
export async function loginAs(baseUrl: string, role: string, password = 'demo'): Promise<string> {
  const result = await gql<{ login: { token: string } }>(
    baseUrl,
    'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
    { email: `${role}@demo.local`, password },
  );
  if (!result.data?.login) throw new Error(`login as ${role} failed: ${JSON.stringify(result.errors)}`);
  return result.data.login.token;
}

export function errorCode(response: GraphQLResponse<unknown>): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}
