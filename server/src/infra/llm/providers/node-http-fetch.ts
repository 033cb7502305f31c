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
 * Docket never asks for streamed completions). An aborted signal rejects
 * with an error named AbortError, as fetch does, so the SDK sees a timeout or
 * a cancellation exactly as before.
 */
export function createNodeHttpFetch(): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };
  return (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const protocol = url.protocol === 'https:' ? 'https:' : url.protocol === 'http:' ? 'http:' : null;
    if (!protocol) return Promise.reject(new TypeError(`cannot fetch ${url.protocol} URLs`));
    const { signal } = init;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    const body = requestBody(init.body);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      };
      const request = (protocol === 'https:' ? https : http).request(url, { method: init.method ?? 'GET', headers, agent: agents[protocol] }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => fail(signal?.aborted ? abortError(signal) : error));
        response.on('aborted', () => fail(signal?.aborted ? abortError(signal) : new Error('the connection closed before the answer ended')));
        response.on('end', () => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
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
            settled = false;
            fail(error as Error);
            return;
          }
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
  };
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
