/**
 * Who may call each method of the contract, and in which rate-limit class it counts, declared once next
 * to the contract. The HTTP bridge checks it before a call reaches the core; the desktop app and the CLI
 * run as the machine's own user and are not limited.
 *
 * Roles are ordered: read-only < analyst < admin, and each method names the lowest role that may call it.
 * - read-only: read the library, search, ask (asking writes the conversation, which is how chat works),
 *   read quality and monitoring. No feedback: ratings steer the quality loop's blacklisting, which changes
 *   everyone's answers.
 * - analyst: what an analyst does with documents: upload, re-ingest, remove documents, collections,
 *   conversations, feedback, analytics and exports.
 * - admin: settings, models, quality decisions and runs, logs, and anything that reads the server's own
 *   files by path (library.ingestPaths, watch.add, models.import): over a LAN those paths are the
 *   server's, read with the server's rights, so only the person who runs it may name them.
 * A method missing from the table counts as admin-only and 'write' (test/unit/contract/methodRights.test.ts
 * fails until it is added).
 */
import type { MethodName } from './contract';
import type { AccessRole, MethodClass } from './domain';

export interface MethodRight {
  /** The lowest role allowed to call the method. */
  role: AccessRole;
  /** The rate-limit class the call counts in. */
  class: MethodClass;
}

const READ_ONLY = 'read-only';
const ANALYST = 'analyst';
const ADMIN = 'admin';

const right = (role: AccessRole, cls: MethodClass): MethodRight => ({ role, class: cls });

export const methodRights: Partial<Record<MethodName, MethodRight>> = {
  'app.info': right(READ_ONLY, 'read'),
  'settings.get': right(READ_ONLY, 'read'),
  'settings.update': right(ADMIN, 'write'),

  'library.list': right(READ_ONLY, 'read'),
  'library.get': right(READ_ONLY, 'read'),
  'library.text': right(READ_ONLY, 'read'),
  'library.detail': right(READ_ONLY, 'read'),
  'library.original': right(READ_ONLY, 'read'),
  'library.chunk': right(READ_ONLY, 'read'),
  'library.remove': right(ANALYST, 'write'),
  'library.move': right(ANALYST, 'write'),
  'library.ingestPaths': right(ADMIN, 'ingest'),
  'library.ingestUploads': right(ANALYST, 'ingest'),
  'library.cancelJob': right(ANALYST, 'write'),
  'library.reingest': right(ANALYST, 'ingest'),
  'jobs.list': right(READ_ONLY, 'read'),
  'jobs.pause': right(ANALYST, 'write'),
  'jobs.resume': right(ANALYST, 'write'),
  'collections.list': right(READ_ONLY, 'read'),
  'collections.create': right(ANALYST, 'write'),
  'collections.rename': right(ANALYST, 'write'),
  'collections.remove': right(ANALYST, 'write'),
  // Instructions change how every answer of the collection's conversations is made.
  'collections.setInstructions': right(ANALYST, 'write'),
  'watch.add': right(ADMIN, 'ingest'),
  'watch.remove': right(ADMIN, 'write'),
  'watch.list': right(READ_ONLY, 'read'),

  'search.query': right(READ_ONLY, 'search'),
  'chat.ask': right(READ_ONLY, 'answer'),
  'chat.cancel': right(READ_ONLY, 'write'),
  'chat.regenerate': right(READ_ONLY, 'answer'),
  'chat.trace': right(READ_ONLY, 'read'),

  'conversations.list': right(READ_ONLY, 'read'),
  'conversations.get': right(READ_ONLY, 'read'),
  'conversations.create': right(READ_ONLY, 'write'),
  'conversations.rename': right(ANALYST, 'write'),
  'conversations.configure': right(ANALYST, 'write'),
  'conversations.remove': right(ANALYST, 'write'),
  'conversations.restore': right(ANALYST, 'write'),
  'conversations.export': right(READ_ONLY, 'analysis'),

  'feedback.submit': right(ANALYST, 'write'),
  'feedback.withdraw': right(ANALYST, 'write'),
  'feedback.get': right(READ_ONLY, 'read'),
  'feedback.history': right(READ_ONLY, 'read'),
  'feedback.list': right(READ_ONLY, 'read'),
  'feedback.export': right(ANALYST, 'analysis'),

  'quality.run': right(ADMIN, 'analysis'),
  'quality.cancel': right(ADMIN, 'write'),
  'quality.runs': right(READ_ONLY, 'read'),
  'quality.schedule': right(READ_ONLY, 'read'),
  'quality.review': right(READ_ONLY, 'read'),
  'quality.decide': right(ADMIN, 'write'),
  'quality.setChunkFlag': right(ADMIN, 'write'),
  'quality.chunks': right(READ_ONLY, 'read'),
  'quality.recommendations': right(READ_ONLY, 'read'),
  'quality.applyRecommendation': right(ADMIN, 'write'),
  'quality.dismissRecommendation': right(ADMIN, 'write'),
  'quality.audit': right(READ_ONLY, 'read'),
  'quality.auditExport': right(ANALYST, 'analysis'),
  'quality.stats': right(READ_ONLY, 'read'),

  health: right(READ_ONLY, 'read'),
  'monitoring.overview': right(READ_ONLY, 'read'),
  'monitoring.history': right(READ_ONLY, 'read'),
  'monitoring.alerts': right(READ_ONLY, 'read'),
  'monitoring.acknowledge': right(ADMIN, 'write'),
  'monitoring.knowledgeGaps': right(READ_ONLY, 'read'),
  'monitoring.metrics': right(READ_ONLY, 'read'),
  // The log names files, folders and errors of the whole server: the administrator's.
  'logs.list': right(ADMIN, 'read'),
  'analytics.export': right(ANALYST, 'analysis'),
  'analytics.query': right(ANALYST, 'analysis'),

  // Backups hold every document and conversation, and a restore or reset replaces the library: the administrator's.
  'backup.create': right(ADMIN, 'analysis'),
  'backup.list': right(ADMIN, 'read'),
  'backup.verify': right(ADMIN, 'analysis'),
  'backup.restore': right(ADMIN, 'write'),
  'backup.schedule': right(ADMIN, 'read'),
  'maintenance.diskUsage': right(ADMIN, 'read'),
  'maintenance.rebuildIndices': right(ADMIN, 'analysis'),
  'maintenance.clearCaches': right(ADMIN, 'write'),
  'maintenance.reset': right(ADMIN, 'write'),

  'models.list': right(READ_ONLY, 'read'),
  'models.fit': right(READ_ONLY, 'read'),
  'models.status': right(READ_ONLY, 'read'),
  'embeddings.status': right(READ_ONLY, 'read'),
  'embeddings.reembed': right(ADMIN, 'ingest'),
  'embeddings.cancel': right(ADMIN, 'write'),
  'models.import': right(ADMIN, 'ingest'),
  'models.download': right(ADMIN, 'ingest'),
  'models.cancelDownload': right(ADMIN, 'write'),
  'models.catalog': right(READ_ONLY, 'read'),
  'models.unload': right(ADMIN, 'write'),
  'models.reload': right(ADMIN, 'write'),
  'models.testRemote': right(ADMIN, 'analysis'),
};

/** Unknown methods and methods not yet in the table: the safest answer. */
const UNLISTED: MethodRight = Object.freeze(right(ADMIN, 'write'));

export function rightOf(method: string): MethodRight {
  return Object.prototype.hasOwnProperty.call(methodRights, method) ? methodRights[method as MethodName]! : UNLISTED;
}

const RANK: Record<AccessRole, number> = { 'read-only': 0, analyst: 1, admin: 2 };

/** Whether `role` may call a method that requires `required`. */
export function roleAllows(role: AccessRole, required: AccessRole): boolean {
  return RANK[role] >= RANK[required];
}
