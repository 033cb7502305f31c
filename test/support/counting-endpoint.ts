import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingEndpoint {
  url: string;
  /** Calls per Idempotency-Key header, as a payment system would see them. */
  callsByKey: Map<string, number>;
  /** Request headers of the latest call per Idempotency-Key, to check what credentials were sent. */
  headersByKey: Map<string, IncomingHttpHeaders>;
  bodies: unknown[];
  /** Status to answer with; 200 by default. */
  status: number;
  /** Delay before answering, so calls are in flight when a test kills a worker. */
  latencyMs: number;
  /** Effects applied: the first call per key; repeats are acknowledged, not applied again. */
  applied: Set<string>;
  close(): Promise<void>;
}

/** A stand-in external system (ERP, payments) that counts side effects by idempotency key. */
export async function startCountingEndpoint(): Promise<CountingEndpoint> {
  const endpoint = { callsByKey: new Map<string, number>(), headersByKey: new Map<string, IncomingHttpHeaders>(), bodies: [] as unknown[], status: 200, latencyMs: 0, applied: new Set<string>() };
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => { text += chunk.toString('utf8'); });
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      endpoint.callsByKey.set(key, (endpoint.callsByKey.get(key) ?? 0) + 1);
      endpoint.headersByKey.set(key, req.headers);
      const answer = () => {
        if (endpoint.status < 300 && !endpoint.applied.has(key)) {
          endpoint.applied.add(key);
          endpoint.bodies.push(text ? (JSON.parse(text) as unknown) : null);
        }
        res.writeHead(endpoint.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(endpoint.status < 300 ? { ok: true, reference: `RF-${endpoint.applied.size}` } : { error: 'unavailable' }));
      };
      if (endpoint.latencyMs > 0) setTimeout(answer, endpoint.latencyMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(endpoint, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  });
}
