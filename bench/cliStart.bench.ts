/**
 * `phare` start: the wall time of whole, fresh processes (`--help`, `docs list --json`, `docs show
 * <id> --json`, `search --mode fulltext <q> --json`) on a small library the benchmark makes (six
 * English articles and a 14-page PDF, ingested by the CLI itself), next to `node -e 1`. Each command
 * runs once untimed (file cache), then CLI_START_RUNS times (default 9): min, median, max. The
 * compiled CLI is built first (what `npm run build` does); the same commands from the TypeScript
 * sources through tsx (PHARE_CLI_FROM_SOURCE=1, what every start cost before the build) run fewer
 * times, for comparison. The machine's load average is printed with the figures: on a busy machine
 * the wall times are those of a busy machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusPath, fmt, percentile, printTable, repoRoot } from './benchLib';

const RUNS = Math.max(1, Number(process.env.CLI_START_RUNS ?? 9));
const SOURCE_RUNS = Math.max(1, Math.min(RUNS, 3));
const BIN = join(repoRoot, 'bin', 'phare.js');

const ARTICLES = [
  'xquad_en_d000_Super_Bowl_50.txt',
  'xquad_en_d001_Warsaw.txt',
  'xquad_en_d002_Normans.txt',
  'xquad_en_d003_Nikola_Tesla.txt',
  'xquad_en_d004_Computational_complexity_theory.txt',
  'xquad_en_d005_Teacher.txt',
];

interface Run {
  ms: number;
  stdout: string;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, {
    cwd: tmpdir(),
    env: { ...process.env, LANG: 'C', ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

function series(args: string[], runs: number, env: NodeJS.ProcessEnv = {}): number[] {
  run(args, env);
  return Array.from({ length: runs }, () => run(args, env).ms);
}

function load(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}

export async function benchCliStart(): Promise<void> {
  const data = mkdtempSync(join(tmpdir(), 'phare-bench-cli-'));
  try {
    console.log(`${cpus().length} cores, load average at start ${load()}; ${RUNS} runs a command (${SOURCE_RUNS} from source)`);
    const built = run([join(repoRoot, 'scripts', 'build-cli.mjs')]);
    console.log(built.stdout.trim());

    const files = [...ARTICLES.map((name) => corpusPath('qa', 'xquad_en', 'docs', name)), corpusPath('pdf', 'pdfjs_tracemonkey.pdf')];
    const ingested = JSON.parse(run([BIN, 'ingest', ...files, '--json', '--data', data]).stdout) as Array<{ status: string; documentId: string; chunks: number }>;
    const ready = ingested.filter((r) => r.status === 'ready');
    if (ready.length !== files.length) throw new Error(`only ${ready.length} of ${files.length} documents ingested`);
    const pdf = ready[ready.length - 1];
    console.log(`library: ${ready.length} documents, ${ready.reduce((n, r) => n + r.chunks, 0)} chunks`);

    const commands: Array<[string, string[]]> = [
      ['--help', ['--help']],
      ['docs list --json', ['docs', 'list', '--json', '--data', data]],
      ['docs show <pdf> --json', ['docs', 'show', pdf.documentId, '--json', '--data', data]],
      ['search --mode fulltext --json', ['search', '--mode', 'fulltext', 'Norman conquest of England', '--json', '--data', data]],
    ];
    const hits = JSON.parse(run([BIN, ...commands[3][1]]).stdout) as unknown[];
    if (hits.length === 0) throw new Error('the full-text search found nothing');

    const rows: Array<Array<string | number>> = [];
    const add = (label: string, how: string, ms: number[]) =>
      rows.push([label, how, ms.length, fmt(Math.min(...ms), 0), fmt(percentile(ms, 50), 0), fmt(Math.max(...ms), 0)]);
    const baseline = series(['-e', '1'], RUNS);
    add('node -e 1', '-', baseline);
    for (const [label, args] of commands) add(`phare ${label}`, 'compiled', series([BIN, ...args], RUNS));
    for (const [label, args] of commands) add(`phare ${label}`, 'from source', series([BIN, ...args], SOURCE_RUNS, { PHARE_CLI_FROM_SOURCE: '1' }));
    printTable('CLI start, whole process wall time (ms)', ['command', 'CLI', 'runs', 'min', 'median', 'max'], rows);
    console.log(`load average at end ${load()}`);
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}
