import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHttpFetch } from '../../../server/src/infra/llm/providers/node-http-fetch.js';

describe('the OpenAI SDK\'s fetch over node:http', () => {
  let server: Server;
  let base: string;
  const fetchOver = createNodeHttpFetch();
  const seen: Array<{ method?: string; headers: Record<string, unknown>; body: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({ method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (req.url === '/echo') {
          res.writeHead(201, [['content-type', 'application/json'], ['x-request-id', 'req-1'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2']]);
          res.end(JSON.stringify({ got: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') }));
        } else if (req.url === '/gzip') {
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
          res.end(gzipSync(JSON.stringify({ compressed: true })));
        } else if (req.url === '/empty') {
          res.writeHead(204);
          res.end();
        } else if (req.url === '/cut') {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
          res.write('{"partial":');
          setTimeout(() => res.destroy(), 20);
        } else if (req.url === '/moved-temporarily') {
          res.writeHead(307, { location: '/echo' });
          res.end();
        } else if (req.url === '/moved') {
          res.writeHead(301, { location: '/echo' });
          res.end();
        } else if (req.url === '/elsewhere') {
          res.writeHead(308, { location: base.replace('127.0.0.1', 'localhost') + '/echo' });
          res.end();
        } else if (req.url === '/loop') {
          res.writeHead(302, { location: '/loop' });
          res.end();
        } else if (req.url === '/error') {
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2' });
          res.end(JSON.stringify({ error: { message: 'slow down' } }));
        }
        // /hang never answers
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends method, headers and body, and answers with status, every header and the body', async () => {
    const response = await fetchOver(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer k' }, body: '{"a":1}' });
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.headers.get('x-request-id')).toBe('req-1');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual({ got: { a: 1 } });
    const request = seen.at(-1);
    expect(request).toMatchObject({ method: 'POST', body: '{"a":1}', headers: { authorization: 'Bearer k', 'content-length': '7' } });
  });

  it('keeps the connection for the next request', async () => {
    const ports = new Set<number>();
    server.on('connection', (socket) => ports.add(socket.remotePort ?? 0));
    for (let i = 0; i < 3; i += 1) await (await fetchOver(`${base}/echo`, { method: 'POST', body: '{}' })).json();
    expect(ports.size).toBeLessThanOrEqual(1);
  });

  it('decodes a compressed answer and answers a 204 without a body', async () => {
    const zipped = await fetchOver(`${base}/gzip`);
    expect(zipped.headers.get('content-encoding')).toBeNull();
    expect(await zipped.json()).toEqual({ compressed: true });
    const empty = await fetchOver(`${base}/empty`);
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });

  it('follows redirects as fetch does: 307 keeps the POST, 301 turns it into a GET, no credentials to another origin, at most 5', async () => {
    const kept = await fetchOver(`${base}/moved-temporarily`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: '{"b":2}' });
    expect(kept.status).toBe(201);
    expect(await kept.json()).toEqual({ got: { b: 2 } });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: '{"b":2}', headers: { authorization: 'Bearer k' } });
    await fetchOver(`${base}/moved`, { method: 'POST', body: '{"c":3}' });
    expect(seen.at(-1)).toMatchObject({ method: 'GET', body: '' });
    await fetchOver(`${base}/elsewhere`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: '{}' });
    expect(seen.at(-1)?.headers.host).toMatch(/^localhost:/);
    expect(seen.at(-1)?.headers.authorization).toBeUndefined();
    const before = seen.length;
    await expect(fetchOver(`${base}/loop`)).rejects.toThrow(/more than 5 redirects/);
    expect(seen.length - before).toBe(6);
  });

  it('passes error answers through for the SDK to classify', async () => {
    const response = await fetchOver(`${base}/error`);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await response.json()).toEqual({ error: { message: 'slow down' } });
  });

  it('rejects with an AbortError when the signal aborts, before or while waiting', async () => {
    const before = new AbortController();
    before.abort(new Error('too late'));
    await expect(fetchOver(`${base}/echo`, { signal: before.signal })).rejects.toMatchObject({ name: 'AbortError' });
    const during = new AbortController();
    const pending = fetchOver(`${base}/hang`, { signal: during.signal });
    setTimeout(() => during.abort(new Error('timeout')), 30);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError', message: 'timeout' });
  });

  it('rejects an answer cut off in the middle, and a server that is not there', async () => {
    await expect(fetchOver(`${base}/cut`)).rejects.toThrow();
    await expect(fetchOver('http://127.0.0.1:1/v1/chat/completions', { method: 'POST', body: '{}' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(fetchOver('ftp://127.0.0.1/x')).rejects.toThrow(/ftp/);
  });
});
