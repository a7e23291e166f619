/**
 * An HTTP(S) server on 127.0.0.1 that answers 200 `{}` to everything and records each request
 * (method, path, Authorization header): a stand-in API to see which tokens arrive where, and a
 * trap that must never be reached.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly authorization?: string;
  readonly body: string;
}

export class RecordingServer {
  readonly calls: RecordedCall[] = [];

  private constructor(private readonly server: http.Server, private readonly secure: boolean) {
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => { body += c; });
      req.on('end', () => {
        this.calls.push({ method: req.method ?? 'GET', path: req.url ?? '/', authorization: req.headers.authorization, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
  }

  /** `https: true` serves the run's test certificate (DH_TEST_TLS_CERT/KEY). */
  static async start(options: { https?: boolean } = {}): Promise<RecordingServer> {
    const server = options.https
      ? https.createServer({ cert: fs.readFileSync(process.env.DH_TEST_TLS_CERT ?? ''), key: fs.readFileSync(process.env.DH_TEST_TLS_KEY ?? '') })
      : http.createServer();
    const s = new RecordingServer(server, !!options.https);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return s;
  }

  get url(): string {
    return `${this.secure ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
