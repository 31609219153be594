/**
 * `phare quality ...`: the quality loop from a terminal, through the contract like the Quality screen.
 * An analysis run started here lives in this process (a one-shot command has no background service to
 * hand it to), so `quality run` returns when the run ends; `--wait` prints its progress as it moves.
 * Ctrl-C cancels the run (exit 130): every decision taken so far stays whole.
 */
import { resolve } from 'node:path';
import { writePrivateFileSync } from '../../core/fs/privateFiles';
import { Command, Option } from 'commander';
import type { AnalysisRun, AuditEntry, QualityStats, Recommendation, ReviewItem, RunStatus, RunStep } from '../../../src-shared/quality';
import { AuditActionSchema, ChunkFlagActionSchema, RecommendationStatusSchema, ReviewStatusSchema } from '../../../src-shared/quality';
import type { ContractClient } from '../../../src-shared/rpc';
import { localizeErrorValue } from '../cliError';
import { cliMessage, type CliMessageCode } from '../cliMessages';
import { addLibraryOptions, CommandContext, LibraryOptions, printJson, runAction, withLibrary } from '../commandContext';

/** Progress lines are printed every this many percent (and at each step). */
const PROGRESS_STEP_PERCENT = 5;
/**
 * The run's end comes as a `quality.run` event; its row is also read this often, so a missed event
 * (a listener error, say) can never leave the command waiting forever.
 */
const RUN_POLL_MS = 2_000;
/** Exit code of a run cancelled with Ctrl-C, as for the other long commands. */
const INTERRUPTED_EXIT_CODE = 130;

const STEP_MESSAGES: Record<RunStep, CliMessageCode> = { scores: 'RUN_STEP_SCORES', blacklist: 'RUN_STEP_BLACKLIST', reingest: 'RUN_STEP_REINGEST' };
const STATUS_MESSAGES: Record<RunStatus, CliMessageCode> = {
  running: 'RUN_STATUS_RUNNING',
  completed: 'RUN_STATUS_COMPLETED',
  failed: 'RUN_STATUS_FAILED',
  cancelled: 'RUN_STATUS_CANCELLED',
  interrupted: 'RUN_STATUS_INTERRUPTED',
};

interface RunOptions extends LibraryOptions {
  wait?: boolean;
}

interface ReviewOptions extends LibraryOptions {
  accept?: string;
  reject?: string;
  reason?: string;
  status?: 'pending' | 'accepted' | 'rejected';
}

interface RecommendationOptions extends LibraryOptions {
  apply?: string;
  dismiss?: string;
  reason?: string;
  status?: Recommendation['status'];
}

interface AuditOptions extends LibraryOptions {
  since?: string;
  action?: AuditEntry['action'];
  format?: 'csv' | 'json';
  limit?: string;
  out?: string;
}

function localTime(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

function countsOf(run: AnalysisRun, ctx: CommandContext): string {
  const c = run.counts;
  return cliMessage('RUN_COUNTS', ctx.lang, {
    feedbacks: c.feedbacks,
    scored: c.chunksScored,
    blacklisted: c.blacklisted,
    kept: c.kept,
    review: c.sentToReview,
    recommendations: c.recommendations,
  });
}

function runLine(run: AnalysisRun, ctx: CommandContext): string {
  const status = cliMessage(STATUS_MESSAGES[run.status], ctx.lang);
  return `${run.id}  ${localTime(run.startedAt)}  ${run.trigger.padEnd(9)} ${status.padEnd(11)} ${String(Math.round(run.progress)).padStart(3)}%  ${countsOf(run, ctx)}`;
}

/** Starts a run and resolves with it once it has ended; prints progress lines with `progress`. */
async function runToEnd(ctx: CommandContext, client: ContractClient, progress: boolean): Promise<AnalysisRun> {
  let runId: string | null = null;
  const early: AnalysisRun[] = [];
  let printed: { step: RunStep | null; bucket: number } = { step: null, bucket: -1 };
  let finish: (run: AnalysisRun) => void = () => undefined;
  const ended = new Promise<AnalysisRun>((resolve) => (finish = resolve));
  const seen = (run: AnalysisRun) => {
    if (run.id !== runId) return;
    const bucket = Math.floor(run.progress / PROGRESS_STEP_PERCENT);
    if (progress && run.status === 'running' && run.step && (run.step !== printed.step || bucket !== printed.bucket)) {
      printed = { step: run.step, bucket };
      ctx.io.stderr(cliMessage('RUN_PROGRESS', ctx.lang, { progress: Math.round(run.progress), step: cliMessage(STEP_MESSAGES[run.step], ctx.lang) }) + '\n');
    }
    if (run.status !== 'running') finish(run);
  };
  // Listening before the start: the first events may come before the call returns.
  const off = client.on('quality.run', (run) => (runId === null ? early.push(run) : seen(run)));
  const stopListening = ctx.io.onInterrupt(() => {
    ctx.io.stderr(cliMessage('RUN_INTERRUPTED', ctx.lang) + '\n');
    void client.call('quality.cancel', {}).catch(() => undefined);
  });
  const poll = setInterval(() => {
    void client
      .call('quality.runs', { limit: 20 })
      .then((runs) => {
        const row = runs.find((r) => r.id === runId);
        if (row && row.status !== 'running') finish(row);
      })
      .catch(() => undefined);
  }, RUN_POLL_MS);
  try {
    const started = await client.call('quality.run', {});
    runId = started.id;
    ctx.io.stderr(cliMessage('RUN_STARTED', ctx.lang, { id: started.id }) + '\n');
    for (const run of early.splice(0)) seen(run);
    seen(started);
    return await ended;
  } finally {
    clearInterval(poll);
    stopListening();
    off();
  }
}

function describeReviewItem(item: ReviewItem, ctx: CommandContext): string {
  const page = item.page === null ? '' : ` ${cliMessage('PAGE', ctx.lang)} ${item.page}`;
  const score = item.score === null ? '' : `  ${item.score.toFixed(2)} (${item.votes ?? 0})`;
  const status = item.status === 'pending' ? '' : `  ${cliMessage(item.status === 'accepted' ? 'REVIEW_STATUS_ACCEPTED' : 'REVIEW_STATUS_REJECTED', ctx.lang)}`;
  const verdict = item.judgeVerdict ? `  judge: ${item.judgeVerdict}` : '';
  return `${item.id}  ${item.kind.padEnd(9)} ${item.documentTitle}${page}${score}${status}${verdict}  ${item.why}\n    ${oneLine(item.text, 110)}`;
}

function describeRecommendation(r: Recommendation): string {
  const reasons = r.reasons.map((reason) => reason.code).join(', ');
  const suggested = Object.entries(r.suggested)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  return `${r.id}  ${r.status.padEnd(14)} ${r.documentTitle}  ${reasons}${suggested ? `  -> ${suggested}` : ''}`;
}

function describeAudit(entry: AuditEntry): string {
  const target = entry.chunkId ?? entry.documentId ?? '-';
  const score = entry.score === null ? '' : ` ${entry.score.toFixed(2)}/${entry.votes ?? 0}`;
  return `${localTime(entry.at)}  ${entry.action.padEnd(18)} ${entry.actor.padEnd(12)} ${target}${score}  ${oneLine(entry.reason, 100)}`;
}

const percent = (share: number | null) => (share === null ? '-' : `${Math.round(share * 100)} %`);
const fixed = (value: number | null, digits = 1) => (value === null ? '-' : value.toFixed(digits));
const seconds = (ms: number | null) => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);
const figures = (params: Record<string, string | number>) =>
  Object.entries(params)
    .map(([key, value]) => `${key}=${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(2) : value}`)
    .join(', ');

function describeStats(s: QualityStats, ctx: CommandContext): string {
  const m = (code: CliMessageCode, params: Record<string, string | number> = {}) => cliMessage(code, ctx.lang, params);
  const rows: Array<[string, string]> = [
    [m('STATS_QUESTIONS'), String(s.questions)],
    [m('STATS_ANSWERS'), m('STATS_ANSWERS_VALUE', s.answersByMode)],
    [
      m('STATS_FEEDBACK'),
      m('STATS_FEEDBACK_VALUE', { count: s.feedbacks, average: fixed(s.averageRating), up: s.thumbsUp, down: s.thumbsDown, corrected: percent(s.correctedShare) }),
    ],
    [m('STATS_HISTOGRAM'), s.ratingHistogram.join(' ')],
    [m('STATS_RESPONSE'), `p50 ${seconds(s.responseMs.p50)}, p95 ${seconds(s.responseMs.p95)}`],
    [m('STATS_ANSWER_LENGTH'), m('STATS_ANSWER_LENGTH_VALUE', { chars: fixed(s.answerChars.mean, 0), sources: fixed(s.sourcesUsed.mean) })],
    [m('STATS_INGESTION'), m('STATS_INGESTION_VALUE', { documents: s.ingestion.documents, failed: s.ingestion.failed, rate: percent(s.ingestion.successRate) })],
    [m('STATS_OCR'), m('STATS_OCR_VALUE', { documents: s.ocr.documents, pages: s.ocr.pages, low: s.ocr.lowConfidencePages, confidence: fixed(s.ocr.meanConfidence) })],
    [m('STATS_RUNS'), m('STATS_RUNS_VALUE', s.runs)],
    [m('STATS_QUALITY'), m('STATS_QUALITY_VALUE', { blacklisted: s.blacklistedChunks, review: s.pendingReview, recommendations: s.openRecommendations })],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = [m('STATS_TITLE', { days: s.days, since: localTime(s.since).slice(0, 10) }), ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)];
  if (s.attention.active) {
    lines.push(m('STATS_ATTENTION', { reasons: s.attention.reasons.map((r) => `${r.code} (${figures(r.params)})`).join('; ') }));
  }
  for (const alert of s.alerts) lines.push(m('STATS_ALERT', { severity: alert.severity, reason: `${alert.code} (${figures(alert.params)})` }));
  return lines.join('\n') + '\n';
}

export function qualityCommand(ctx: CommandContext): Command {
  const quality = new Command('quality').description('the quality loop: analysis runs, review queue, passage flags, re-ingestion advice, audit log, statistics');

  const run = addLibraryOptions(
    new Command('run').description('run the analysis now (scores, judged blacklist, re-ingestion advice); returns when it ends').option('--wait', 'print progress as the run moves'),
  );
  run.action((options: RunOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const ended = await runToEnd(ctx, client, Boolean(options.wait) && !options.json);
        if (options.json) printJson(ctx, { ...ended, error: ended.error ? localizeErrorValue(ended.error, ctx.lang) : null });
        else {
          const status = cliMessage(STATUS_MESSAGES[ended.status], ctx.lang);
          ctx.io.stdout(cliMessage('RUN_ENDED', ctx.lang, { id: ended.id, status, counts: countsOf(ended, ctx) }) + '\n');
          const judge = ended.judgeModel ? cliMessage('RUN_JUDGE', ctx.lang, { model: ended.judgeModel }) : cliMessage('RUN_NO_JUDGE', ctx.lang);
          ctx.io.stdout(`  ${judge}\n`);
          if (ended.error) ctx.io.stderr(`phare: ${localizeErrorValue(ended.error, ctx.lang).message}\n`);
        }
        if (ended.status === 'completed') return 0;
        return ended.status === 'cancelled' ? INTERRUPTED_EXIT_CODE : 1;
      }),
    ),
  );

  const runs = addLibraryOptions(new Command('runs').description('analysis runs, most recent first').option('--limit <n>', 'at most n runs', '20'));
  runs.action((options: LibraryOptions & { limit: string }) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const found = await client.call('quality.runs', { limit: Number(options.limit) });
        if (options.json) return printJson(ctx, found);
        if (found.length === 0) return void ctx.io.stdout(cliMessage('NO_RUNS', ctx.lang) + '\n');
        for (const r of found) ctx.io.stdout(runLine(r, ctx) + '\n');
      }),
    ),
  );

  const review = addLibraryOptions(
    new Command('review')
      .description('decisions waiting for a person; --accept or --reject one')
      .addOption(new Option('--accept <id>', 'apply this decision').conflicts('reject'))
      .addOption(new Option('--reject <id>', 'turn this decision down').conflicts('accept'))
      .option('--reason <text>', 'why (kept in the audit log)')
      .addOption(new Option('--status <status>', 'list items in this state (default: pending)').choices(ReviewStatusSchema.options)),
  );
  review.action((options: ReviewOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const id = options.accept ?? options.reject;
        if (id !== undefined) {
          const decided = await client.call('quality.decide', { id, accept: options.accept !== undefined, reason: options.reason });
          if (options.json) return printJson(ctx, decided);
          const status = cliMessage(decided.status === 'accepted' ? 'REVIEW_STATUS_ACCEPTED' : decided.status === 'rejected' ? 'REVIEW_STATUS_REJECTED' : 'REVIEW_STATUS_PENDING', ctx.lang);
          return void ctx.io.stdout(cliMessage('REVIEW_DECIDED', ctx.lang, { id: decided.id, status }) + '\n');
        }
        const items = await client.call('quality.review', { status: options.status });
        if (options.json) return printJson(ctx, items);
        if (items.length === 0) return void ctx.io.stdout(cliMessage('NO_REVIEW', ctx.lang) + '\n');
        for (const item of items) ctx.io.stdout(describeReviewItem(item, ctx) + '\n');
      }),
    ),
  );

  const flagCommands = ChunkFlagActionSchema.options.map((action) => {
    const command = addLibraryOptions(
      new Command(action)
        .description(
          action === 'blacklist'
            ? 'take a passage out of every search and answer'
            : action === 'whitelist'
              ? 'keep a passage whatever its score (never a blacklist candidate)'
              : 'clear a passage’s blacklist or whitelist flag',
        )
        .argument('<chunkId>', 'the passage id (as `phare search --json` prints it)')
        .requiredOption('--reason <text>', 'why (kept in the audit log)'),
    );
    return command.action((chunkId: string, options: LibraryOptions & { reason: string }) =>
      runAction(ctx, options, () =>
        withLibrary(ctx, options, async (client) => {
          const chunk = await client.call('quality.setChunkFlag', { chunkId, action, reason: options.reason });
          if (options.json) return printJson(ctx, chunk);
          const state = cliMessage(chunk.blacklisted ? 'CHUNK_BLACKLISTED' : chunk.whitelisted ? 'CHUNK_WHITELISTED' : 'CHUNK_RESTORED', ctx.lang);
          ctx.io.stdout(cliMessage('CHUNK_FLAGGED', ctx.lang, { id: chunk.chunkId, title: chunk.documentTitle, page: chunk.page, state }) + '\n');
        }),
      ),
    );
  });

  const recommendations = addLibraryOptions(
    new Command('recommendations')
      .description('documents advised for re-ingestion; --apply one (starts the re-ingestion) or --dismiss it')
      .addOption(new Option('--apply <id>', 're-ingest the document with the suggested settings').conflicts('dismiss'))
      .addOption(new Option('--dismiss <id>', 'close the recommendation without re-ingesting').conflicts('apply'))
      .option('--reason <text>', 'why it is dismissed (kept in the audit log)')
      .addOption(new Option('--status <status>', 'list recommendations in this state').choices(RecommendationStatusSchema.options)),
  );
  recommendations.action((options: RecommendationOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        if (options.apply !== undefined || options.dismiss !== undefined) {
          const done =
            options.apply !== undefined
              ? await client.call('quality.applyRecommendation', { id: options.apply })
              : await client.call('quality.dismissRecommendation', { id: options.dismiss!, reason: options.reason });
          if (options.json) return printJson(ctx, done);
          return void ctx.io.stdout(cliMessage('RECOMMENDATION_DONE', ctx.lang, { id: done.id, status: done.status }) + '\n');
        }
        const found = await client.call('quality.recommendations', { status: options.status });
        if (options.json) return printJson(ctx, found);
        if (found.length === 0) return void ctx.io.stdout(cliMessage('NO_RECOMMENDATIONS', ctx.lang) + '\n');
        for (const r of found) ctx.io.stdout(describeRecommendation(r) + '\n');
      }),
    ),
  );

  const audit = addLibraryOptions(
    new Command('audit')
      .description('the audit log of every quality decision, most recent first')
      .option('--since <date>', 'decisions on or after this day (YYYY-MM-DD) or instant')
      .addOption(new Option('--action <action>', 'only this kind of decision').choices(AuditActionSchema.options))
      .addOption(new Option('--format <format>', 'print the log as a CSV or JSON file').choices(['csv', 'json']))
      .option('--limit <n>', 'at most n entries')
      .option('--out <file>', 'with --format: write to this file instead of printing'),
  );
  audit.action((options: AuditOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const filter = { since: options.since, action: options.action, limit: options.limit === undefined ? undefined : Number(options.limit) };
        if (options.format) {
          const exported = await client.call('quality.auditExport', { format: options.format, filter });
          if (!options.out) return void ctx.io.stdout(exported.content);
          const file = resolve(ctx.io.cwd, options.out);
          // Exports carry questions and passages of documents: readable by their owner only.
          writePrivateFileSync(file, exported.content);
          if (options.json) return printJson(ctx, { file, fileName: exported.fileName, count: exported.count });
          return void ctx.io.stdout(cliMessage('EXPORTED_COUNT', ctx.lang, { file, count: exported.count }) + '\n');
        }
        const entries = await client.call('quality.audit', filter);
        if (options.json) return printJson(ctx, entries);
        if (entries.length === 0) return void ctx.io.stdout(cliMessage('NO_AUDIT', ctx.lang) + '\n');
        for (const entry of entries) ctx.io.stdout(describeAudit(entry) + '\n');
      }),
    ),
  );

  const stats = addLibraryOptions(new Command('stats').description('statistics over the last days, with the attention signal and alerts').option('--days <n>', 'the window, in days', '7'));
  stats.action((options: LibraryOptions & { days: string }) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const found = await client.call('quality.stats', { days: Number(options.days) });
        if (options.json) return printJson(ctx, found);
        ctx.io.stdout(describeStats(found, ctx));
      }),
    ),
  );

  quality.addCommand(run).addCommand(runs).addCommand(review);
  for (const command of flagCommands) quality.addCommand(command);
  return quality.addCommand(recommendations).addCommand(audit).addCommand(stats);
}
