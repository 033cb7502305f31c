import http from 'node:http';
import https from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/**
 * A `fetch` for the OpenAI SDK over node:http with keep-alive connections.
 * The SDK builds the request, classifies errors and parses the answer as
 * always; only the exchange differs. Node's built-in fetch (undici, web
 * streams, an abort-signal chain per request) took about a fifth of the
 * engine's event-loop time in the latency benchmark; a chat completion is a
 * small JSON request and a small JSON answer, read whole, which node:http
 * does for a fraction of that.
 *
 * Answers are read to the end before the Response is made (no streaming:
 * Docket never asks for streamed completions). Redirects are followed with
 * fetch's rules (at most 5; no credentials to another origin). An aborted signal rejects
 * with an error named AbortError, as fetch does, so the SDK sees a timeout or
 * a cancellation exactly as before.
 */
export function createNodeHttpFetch(): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };
  return async (input, init = {}) => {
    let url = new URL(input instanceof Request ? input.url : input);
    let method = (init.method ?? 'GET').toUpperCase();
    let body = requestBody(init.body);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    // Redirects are followed as fetch follows them (a proxy may send http to https, say).
    for (let hop = 0; ; hop += 1) {
      const answer = await exchange(agents, url, method, headers, body, init.signal);
      const location = answer.headers.get('location');
      if (!REDIRECTS.has(answer.status) || !location) return answer;
      if (hop === MAX_REDIRECTS) throw new TypeError(`more than ${MAX_REDIRECTS} redirects from ${url.origin}`);
      const next = new URL(location, url);
      // fetch's rules: 303, and 301/302 after a POST, go on as a GET without the body.
      if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        delete headers['content-type'];
      }
      // Credentials are not sent on to another origin.
      if (next.origin !== url.origin) delete headers.authorization;
      url = next;
    }
  };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/** One request and its whole answer. */
function exchange(
  agents: Record<'http:' | 'https:', http.Agent>, url: URL, method: string, headers: Record<string, string>, body: string | Buffer | undefined,
  signal: AbortSignal | null | undefined,
): Promise<Response> {
  const protocol = url.protocol === 'https:' ? 'https:' : url.protocol === 'http:' ? 'http:' : null;
  if (!protocol) return Promise.reject(new TypeError(`cannot fetch ${url.protocol} URLs`));
  if (signal?.aborted) return Promise.reject(abortError(signal));
  const sent = { ...headers };
  if (body !== undefined) sent['content-length'] = String(Buffer.byteLength(body));
  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    };
    const request = (protocol === 'https:' ? https : http).request(url, { method, headers: sent, agent: agents[protocol] }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => fail(signal?.aborted ? abortError(signal) : error));
      response.on('aborted', () => fail(signal?.aborted ? abortError(signal) : new Error('the connection closed before the answer ended')));
      response.on('end', () => {
        if (settled) return;
        const status = response.statusCode ?? 0;
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (Array.isArray(value)) for (const item of value) answerHeaders.append(name, item);
          else if (value !== undefined) answerHeaders.set(name, value);
        }
        let content: Buffer | null;
        try {
          // A null-body status (204, 304) cannot carry a body in a Response.
          content = status === 204 || status === 304 ? null : decode(Buffer.concat(chunks), answerHeaders);
        } catch (error) {
          fail(error as Error);
          return;
        }
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        resolve(new Response(content, { status, statusText: response.statusMessage ?? '', headers: answerHeaders }));
      });
    });
    const onAbort = () => {
      const error = abortError(signal);
      request.destroy(error);
      fail(error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error) => fail(signal?.aborted ? abortError(signal) : error));
    request.end(body);
  });
}

/** Nothing here asks for compression, but a proxy may compress anyway; the body is read whole, so it is decoded whole. */
function decode(body: Buffer, headers: Headers): Buffer {
  const encoding = headers.get('content-encoding')?.trim().toLowerCase();
  if (!encoding || encoding === 'identity') return body;
  const decoded = encoding === 'gzip' || encoding === 'x-gzip' ? gunzipSync(body)
    : encoding === 'deflate' ? inflateSync(body)
      : encoding === 'br' ? brotliDecompressSync(body)
        : null;
  if (!decoded) throw new Error(`the answer is encoded as ${encoding}, which this client cannot read`);
  headers.delete('content-encoding');
  headers.delete('content-length');
  return decoded;
}

function requestBody(body: RequestInit['body']): string | Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof URLSearchParams) return body.toString();
  throw new TypeError('this fetch sends string, buffer or form-encoded bodies only');
}

function abortError(signal: AbortSignal | null | undefined): Error {
  const error = new Error(signal?.reason instanceof Error ? signal.reason.message : 'the request was aborted', { cause: signal?.reason });
  error.name = 'AbortError';
  return error;
}
