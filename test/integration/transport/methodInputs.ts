/**
 * One valid input for every method of the contract. The mapped type makes this table fail to compile
 * when a method is added without an entry, and the reachability test also checks its keys at run time.
 */
import type { MethodInput, MethodName } from '../../../src-shared/contract';
import { tinyChatModel } from '../../helpers/paths';
import { makeTempDir } from '../../helpers/tempDirs';

export interface InputContext {
  /** A document that exists in the library. */
  documentId: string;
  /** A chunk of that document. */
  chunkId: string;
  /** The corpus file behind that document (ingesting it again is a quick duplicate). */
  documentPath: string;
  /** Unique per transport, so two runs never share a request id. */
  tag: string;
  /** A conversation with one answered question, and that answer's message id. */
  conversationId: string;
  answerMessageId: string;
  /** A pending review item and an open re-ingestion recommendation (one per transport: deciding closes them). */
  reviewItemId: string;
  recommendationId: string;
  /** An alert, fired or not (acknowledging one twice is allowed). */
  alertId: string;
  /** A backup in the backups folder (restoring it only stages it for the next start). */
  backupName: string;
}

export type ValidInputs = { [M in MethodName]: MethodInput<M> };

export function validInputs(ctx: InputContext): ValidInputs {
  return {
    'app.info': {},
    'settings.get': {},
    'settings.update': { temperature: 0.2 },
    'library.list': {},
    'library.get': { id: ctx.documentId },
    'library.text': { id: ctx.documentId },
    'library.detail': { id: ctx.documentId },
    'library.original': { id: ctx.documentId },
    'library.chunk': { id: ctx.chunkId },
    // Removing a document that does not exist is a valid call that answers {removed: false}.
    'library.remove': { id: `no-such-document-${ctx.tag}` },
    'library.ingestPaths': { paths: [ctx.documentPath] },
    'library.ingestUploads': {
      files: [{ name: `upload-${ctx.tag}.txt`, dataBase64: Buffer.from(`Uploaded over ${ctx.tag}: the lighthouse keeper logs every ship.`).toString('base64') }],
    },
    'library.cancelJob': { jobId: `no-such-job-${ctx.tag}` },
    // Same settings, same chunks: re-ingestion keeps the ids of unchanged chunks, so later calls on the chunk still answer.
    'library.reingest': { id: ctx.documentId },
    // A collection of its own per transport: the document ends in the last one moved to.
    'library.move': { id: ctx.documentId, collection: `moved-${ctx.tag}` },
    'jobs.list': {},
    'jobs.pause': { jobId: `no-such-job-${ctx.tag}` },
    'jobs.resume': { jobId: `no-such-job-${ctx.tag}` },
    'collections.list': {},
    'collections.create': { name: `collection-${ctx.tag}` },
    // Called after collections.rename (the contract's order): the collection has its new name by then.
    'collections.setInstructions': { name: `renamed-${ctx.tag}`, instructions: 'Answer in one short paragraph.' },
    'collections.rename': { from: `collection-${ctx.tag}`, to: `renamed-${ctx.tag}` },
    'collections.remove': { name: `no-such-collection-${ctx.tag}` },
    // An empty folder of its own: watching it ingests nothing.
    'watch.add': { folder: makeTempDir('phare-watched-'), collection: `watched-${ctx.tag}` },
    'watch.remove': { folder: `no-such-folder-${ctx.tag}` },
    'watch.list': {},
    'search.query': { query: 'Super Bowl defense', topK: 3 },
    'chat.ask': { question: 'Who led the Panthers in sacks?', requestId: `ask-${ctx.tag}` },
    'chat.cancel': { requestId: `nothing-${ctx.tag}` },
    'chat.regenerate': { messageId: ctx.answerMessageId, requestId: `regenerate-${ctx.tag}` },
    // The first answer stays readable after a regeneration replaced it.
    'chat.trace': { messageId: ctx.answerMessageId },
    'conversations.list': { query: 'super bowl' },
    'conversations.get': { id: ctx.conversationId },
    'conversations.create': { title: `Conversation ${ctx.tag}` },
    'conversations.rename': { id: ctx.conversationId, title: `Renamed over ${ctx.tag}` },
    'conversations.configure': { id: ctx.conversationId, instructions: 'Quote the sources word for word.', temperature: 0.3, topK: 4 },
    'conversations.remove': { id: ctx.conversationId },
    'conversations.restore': { id: ctx.conversationId },
    'conversations.export': { id: ctx.conversationId, format: 'markdown' },
    'feedback.submit': { messageId: ctx.answerMessageId, thumbs: 'down', rating: 2, comment: `Rated over ${ctx.tag}` },
    'feedback.withdraw': { messageId: ctx.answerMessageId },
    'feedback.get': { messageId: ctx.answerMessageId },
    'feedback.history': { messageId: ctx.answerMessageId },
    'feedback.list': { includeWithdrawn: true },
    'feedback.export': { format: 'csv' },
    'quality.run': {},
    'quality.cancel': {},
    'quality.runs': {},
    'quality.schedule': {},
    'quality.review': {},
    'quality.decide': { id: ctx.reviewItemId, accept: false, reason: `Rejected over ${ctx.tag}` },
    'quality.setChunkFlag': { chunkId: ctx.chunkId, action: 'restore', reason: `Restored over ${ctx.tag}` },
    'quality.chunks': { filter: 'scored' },
    'quality.recommendations': {},
    'quality.applyRecommendation': { id: ctx.recommendationId },
    'quality.dismissRecommendation': { id: ctx.recommendationId },
    'quality.audit': {},
    'quality.auditExport': { format: 'csv' },
    'quality.stats': { days: 7 },
    health: {},
    'monitoring.overview': {},
    'monitoring.history': { series: ['answers', 'total_latency_seconds', 'rss_bytes'], range: '24h' },
    'monitoring.alerts': {},
    'monitoring.acknowledge': { id: ctx.alertId },
    'monitoring.knowledgeGaps': { days: 30 },
    'monitoring.metrics': { format: 'openmetrics' },
    'logs.list': { level: 'info', limit: 50 },
    'analytics.export': { table: 'answers', format: 'csv' },
    'analytics.query': { sql: 'SELECT count(*) AS n FROM questions' },
    'models.list': {},
    'models.fit': { path: tinyChatModel },
    'models.status': {},
    // The tiny fixture; importing the same bytes again (the second transport) answers the existing file.
    'models.import': { path: tinyChatModel },
    // Port 1 on the loopback refuses at once: the download fails as offline, nothing is written.
    'models.download': { uri: `http://127.0.0.1:1/model-${ctx.tag}.gguf` },
    'models.cancelDownload': { downloadId: `no-such-download-${ctx.tag}` },
    'models.catalog': {},
    'models.unload': { role: 'chat' },
    'models.reload': { role: 'embedding' },
    'embeddings.status': {},
    // With no embedding model configured there is nothing to rebuild: a job that is done at once.
    'embeddings.reembed': {},
    'embeddings.cancel': {},
    // Nothing listens on port 9 here: a valid call that answers {ok: false, error: REMOTE_UNREACHABLE}.
    'models.testRemote': { baseUrl: 'http://127.0.0.1:9/v1', model: 'none' },
    'backup.create': {},
    'backup.list': {},
    'backup.verify': { name: ctx.backupName },
    'backup.restore': { name: ctx.backupName },
    'backup.schedule': {},
    'maintenance.diskUsage': {},
    'maintenance.rebuildIndices': {},
    'maintenance.clearCaches': {},
    // Only staged: the library is emptied at the next start, after this test.
    'maintenance.reset': { confirm: true },
  };
}

/** Inputs each method must refuse with VALIDATION, beyond the generic ones (a number, a string). */
export const invalidInputs: Partial<Record<MethodName, unknown[]>> = {
  'settings.update': [{ temperature: 5 }, { language: 'de' }],
  'library.get': [{ id: '' }, {}],
  'library.text': [{ id: 42 }],
  'library.detail': [{ id: '' }, {}],
  'library.original': [{ id: '' }],
  'library.chunk': [{}],
  'library.remove': [{}],
  'library.ingestPaths': [{ paths: [] }, { paths: 'file.txt' }, { paths: ['file.txt'], ocr: 'sometimes' }],
  'library.ingestUploads': [{ files: [{ name: '', dataBase64: '' }] }],
  'library.cancelJob': [{}],
  'library.reingest': [{ id: 'x', ocr: 'sometimes' }, { id: 'x', chunkSize: 5 }],
  'jobs.pause': [{}],
  'collections.create': [{ name: '' }, { name: '   ' }],
  'collections.rename': [{ from: 'a' }],
  'watch.add': [{ folder: '' }],
  'search.query': [{ query: '' }, { query: 'x', topK: 1000 }, { query: 'x', mode: 'magic' }],
  'chat.ask': [{ question: 'no request id' }, { question: '', requestId: 'r' }],
  'chat.cancel': [{}],
  'chat.regenerate': [{ messageId: 'm' }, { messageId: '', requestId: 'r' }],
  'chat.trace': [{}],
  'conversations.get': [{ id: '' }],
  'conversations.rename': [{ id: 'c', title: '   ' }, { id: 'c' }],
  'conversations.export': [{ id: 'c', format: 'pdf' }, { id: 'c' }],
  'feedback.submit': [{ messageId: 'm', rating: 0 }, { messageId: 'm', rating: 6 }, { messageId: 'm', thumbs: 'sideways' }, { messageId: 'm', comment: 'x'.repeat(1_000_000) }, { rating: 3 }],
  'feedback.withdraw': [{}],
  'feedback.list': [{ since: 'yesterday-ish' }, { maxRating: 9 }],
  'feedback.export': [{ format: 'xml' }, {}],
  'quality.runs': [{ limit: 0 }],
  'quality.review': [{ status: 'maybe' }],
  'quality.decide': [{ id: 'r' }, { id: '', accept: true }],
  'quality.setChunkFlag': [{ chunkId: 'c', action: 'blacklist' }, { chunkId: 'c', action: 'delete', reason: 'x' }, { chunkId: 'c', action: 'restore', reason: '   ' }],
  'quality.chunks': [{ filter: 'all' }],
  'quality.applyRecommendation': [{}],
  'quality.audit': [{ action: 'erase' }, { since: 'not a date' }],
  'quality.auditExport': [{ format: 'xlsx' }],
  'quality.stats': [{ days: 0 }],
  'monitoring.history': [{ series: [], range: '24h' }, { series: ['answers'], range: '1y' }, { series: ['no_such_series'], range: '1h' }],
  'monitoring.acknowledge': [{}],
  'monitoring.metrics': [{ format: 'json' }],
  'logs.list': [{ level: 'loud' }, { since: 'soon' }],
  'analytics.export': [{ table: 'settings', format: 'csv' }, { table: 'answers' }],
  'analytics.query': [{ sql: '' }, {}],
  'models.import': [{}, { path: '' }],
  'models.download': [{}, { uri: '' }],
  'models.cancelDownload': [{}],
  'models.unload': [{ role: 'vision' }],
  'models.reload': [{}],
  'backup.verify': [{ name: '../settings.json' }, { name: '/etc/passwd' }, {}],
  'backup.restore': [{ name: 'phare-backup.tar.gz/../../x.tar.gz' }, {}],
  'maintenance.reset': [{}, { confirm: false }, { confirm: 'yes' }],
  'models.testRemote': [{ baseUrl: 'file:///etc/passwd' }, { baseUrl: 'ftp://127.0.0.1/v1' }, { baseUrl: 'http://user:secret@127.0.0.1/v1' }, {}],
};
