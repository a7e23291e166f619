/**
 * A tiny HTTP server on 127.0.0.1 (random port) whose answers a test scripts request by request.
 * It records what it saw, including when the client's socket closed, so a test can prove that
 * cancelling really closed the connection.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** Resolves when this request's socket has closed. */
  readonly socketClosed: Promise<void>;
}

/** Handles the n-th request (0-based). May respond, stall, or destroy the socket. */
export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, seen: SeenRequest, n: number) => void | Promise<void>;

export interface ScriptedServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<ScriptedServer> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  // One promise per socket (keep-alive reuses sockets across requests).
  const closedBySocket = new WeakMap<Socket, Promise<void>>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    const socketClosed = closedBySocket.get(req.socket) ?? Promise.resolve();
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), socketClosed };
      requests.push(seen);
      void Promise.resolve(handler(req, res, seen, requests.length - 1)).catch((e: unknown) => {
        if (!res.headersSent) { res.statusCode = 599; res.end(String(e)); }
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    closedBySocket.set(s, new Promise<void>((resolve) => s.once('close', () => { sockets.delete(s); resolve(); })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** Sends a JSON answer. */
export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A port that was free a moment ago and has nothing listening on it now. */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/**
 * Fails (instead of hanging until the runner's timeout) when a socket the test expects the client
 * to close stays open. The bound is a liveness limit, not a performance figure.
 */
export function closedSoon(socketClosed: Promise<void>, limitMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the client did not close its socket within ${limitMs} ms`)), limitMs);
  });
  return Promise.race([socketClosed, limit]).finally(() => clearTimeout(timer));
}
