/**
 * `phare` start: the wall time of whole, fresh processes (`--help`, `docs list --json`, `docs show
 * <id> --json`, `search --mode fulltext <q> --json`) on a small library the benchmark makes (six
 * English articles and a 14-page PDF, ingested by the CLI itself), next to `node -e 1`. Each command
 * runs once untimed (file cache), then CLI_START_RUNS times (default 9): min, median, max. The
 * compiled CLI is built first (what `npm run build` does); the same commands from the TypeScript
 * sources through tsx (PHARE_CLI_FROM_SOURCE=1, what every start cost before the build) run fewer
 * times, for comparison. The machine's load average is printed with the figures: on a busy machine
 * the wall times are those of a busy machine, and the CPU time of the process (user + system, all
 * its threads; read from /proc on Linux, n/a elsewhere) is the steadier figure.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusPath, fmt, loadAverage, percentile, printTable, repoRoot } from './benchLib';

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
  /** CPU time of the child (user + system), or NaN where /proc is not there. */
  cpuMs: number;
  stdout: string;
}

/** The CPU time of this process's waited-for children so far (Linux: cutime + cstime, in clock ticks of 10 ms). */
function childrenCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of the line (cutime, cstime), counted from the state, field 3.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return NaN;
  }
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const result = spawnSync(process.execPath, args, {
    cwd: tmpdir(),
    env: { ...process.env, LANG: 'C', ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  const cpuMs = childrenCpuMs() - cpuBefore;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  return { ms, cpuMs, stdout: result.stdout };
}

function series(args: string[], runs: number, env: NodeJS.ProcessEnv = {}): Run[] {
  run(args, env);
  return Array.from({ length: runs }, () => run(args, env));
}

export async function benchCliStart(): Promise<void> {
  const data = mkdtempSync(join(tmpdir(), 'phare-bench-cli-'));
  try {
    console.log(`${cpus().length} cores, load average at start ${loadAverage()}; ${RUNS} runs a command (${SOURCE_RUNS} from source)`);
    const built = run([join(repoRoot, 'scripts', 'build-cli.mjs')]);
    console.log(built.stdout.trim());

    const files = [...ARTICLES.map((name) => corpusPath('qa', 'xquad_en', 'docs', name)), corpusPath('pdf', 'pdfjs_tracemonkey.pdf')];
    const ingested = JSON.parse(run([BIN, 'ingest', ...files, '--json', '--data', data], { PHARE_CLI_FROM_SOURCE: '0' }).stdout) as Array<{ status: string; documentId: string; chunks: number }>;
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
    const hits = JSON.parse(run([BIN, ...commands[3][1]], { PHARE_CLI_FROM_SOURCE: '0' }).stdout) as unknown[];
    if (hits.length === 0) throw new Error('the full-text search found nothing');

    const rows: Array<Array<string | number>> = [];
    const add = (label: string, how: string, runs: Run[]) => {
      const wall = runs.map((r) => r.ms);
      const cpu = runs.map((r) => r.cpuMs);
      rows.push([label, how, runs.length, fmt(Math.min(...wall), 0), fmt(percentile(wall, 50), 0), fmt(Math.max(...wall), 0), fmt(Math.min(...cpu), 0), fmt(percentile(cpu, 50), 0)]);
    };
    const baseline = series(['-e', '1'], RUNS);
    add('node -e 1', '-', baseline);
    // The build just made, even if a source of the tree changes meanwhile (PHARE_CLI_FROM_SOURCE=0).
    for (const [label, args] of commands) add(`phare ${label}`, 'compiled', series([BIN, ...args], RUNS, { PHARE_CLI_FROM_SOURCE: '0' }));
    for (const [label, args] of commands) add(`phare ${label}`, 'from source', series([BIN, ...args], SOURCE_RUNS, { PHARE_CLI_FROM_SOURCE: '1' }));
    printTable('CLI start, whole process (ms)', ['command', 'CLI', 'runs', 'wall min', 'wall median', 'wall max', 'cpu min', 'cpu median'], rows);
    console.log(`load average at end ${loadAverage()}`);
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}
