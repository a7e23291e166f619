/**
 * `npm run emulator` / `node dist/emulator/emulator.js`: starts the offline Defender hunting API and
 * prints exactly two lines, `URL=http://127.0.0.1:PORT` and `TOKEN=<dev token>`, then serves until
 * killed. Options: --port N, --rows N, --seed S, --token T, --faults, --trust-key <file.pem>
 * (repeatable; also DH_EMULATOR_TRUST_KEYS=<file>:<file>), --rate-limit N|off, --max-result-mb N, --verbose (request
 * log on stderr). When forked with an IPC channel it also sends {type:'ready', url, token} and exits
 * when the parent goes away.
 */
import * as fs from 'node:fs';
import { startEmulator, type EmulatorOptions } from './server';

interface Cli { options: EmulatorOptions; help: boolean }

function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): Cli {
  const trustFiles: string[] = (env.DH_EMULATOR_TRUST_KEYS ?? '').split(':').filter(Boolean);
  const o: { -readonly [K in keyof EmulatorOptions]: EmulatorOptions[K] } = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const int = () => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0) throw new Error(`${a} needs a non-negative integer`);
      return n;
    };
    switch (a) {
      case '--port': o.port = int(); break;
      case '--rows': o.rows = int(); break;
      case '--seed': o.seed = value(); break;
      case '--token': o.devToken = value(); break;
      case '--faults': o.faults = true; break;
      case '--trust-key': trustFiles.push(value()); break;
      case '--max-result-mb': { const mb = int(); o.maxResultBytes = { graph: mb * 1024 * 1024, legacy: mb * 1024 * 1024 }; break; }
      case '--rate-limit': {
        const v = value();
        const calls = Number(v);
        if (v !== 'off' && !(Number.isInteger(calls) && calls >= 0)) throw new Error('--rate-limit needs a number of calls per minute or "off"');
        o.rateLimit = v === 'off' || calls === 0 ? false : { calls, windowSeconds: 60 };
        break;
      }
      case '--verbose': o.log = (line) => process.stderr.write(`[emulator] ${line}\n`); break;
      case '--help': case '-h': help = true; break;
      default: throw new Error(`unknown option ${a}`);
    }
  }
  o.trustedKeys = trustFiles.map((f) => fs.readFileSync(f, 'utf8'));
  return { options: o, help };
}

async function main(): Promise<void> {
  let cli: Cli;
  try {
    cli = parseArgs(process.argv.slice(2), process.env);
  } catch (e) {
    process.stderr.write(`emulator: ${(e as Error).message}\n`);
    process.exit(2);
  }
  if (cli.help) {
    process.stderr.write('usage: emulator [--port N] [--rows N] [--seed S] [--token T] [--faults] [--trust-key file.pem] [--rate-limit N|off] [--max-result-mb N] [--verbose]\n');
    return;
  }
  const emulator = await startEmulator(cli.options);
  process.stdout.write(`URL=${emulator.url}\nTOKEN=${emulator.devToken}\n`);
  process.send?.({ type: 'ready', url: emulator.url, token: emulator.devToken });
  const stop = () => { void emulator.close().finally(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
}

void main().catch((e: unknown) => {
  process.stderr.write(`emulator: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
