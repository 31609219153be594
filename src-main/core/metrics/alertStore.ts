/**
 * Alerts the app raised, in the library's database (`alerts`): a row when a rule starts firing, updated
 * when it resolves or is acknowledged. At most one firing alert per rule.
 */
import { Field, Float64, Schema, Utf8 } from 'apache-arrow';
import { MonitoringAlertSchema, type MonitoringAlert } from '../../../src-shared/monitoring';
import { arrowRows } from '../store/arrowRows';
import { sqlEquals, sqlString } from '../store/sqlFilter';
import { tableOpener } from '../store/openOrCreateTable';
import { createWriteQueue } from '../store/writeQueue';
import { connectLance } from '../store/lanceConnection';

export const ALERTS_TABLE = 'alerts';

const str = (name: string, nullable = false) => new Field(name, new Utf8(), nullable);
const alertsSchema = new Schema([
  str('id'),
  str('rule'),
  str('severity'),
  str('state'),
  new Field('value', new Float64(), false),
  new Field('threshold', new Float64(), false),
  str('firedAt'),
  str('resolvedAt', true),
  str('acknowledgedAt', true),
]);

export interface AlertStore {
  add(alert: MonitoringAlert): Promise<void>;
  update(id: string, patch: Partial<Pick<MonitoringAlert, 'state' | 'resolvedAt' | 'acknowledgedAt' | 'value'>>): Promise<MonitoringAlert | null>;
  get(id: string): Promise<MonitoringAlert | null>;
  /** Most recent first. */
  list(filter?: { state?: MonitoringAlert['state']; limit?: number }): Promise<MonitoringAlert[]>;
  close(): Promise<void>;
}

export async function openAlertStore(dbPath: string): Promise<AlertStore> {
  const db = await connectLance(dbPath);
  const table = await tableOpener(db, await db.tableNames())(ALERTS_TABLE, alertsSchema);
  const queue = createWriteQueue();
  const read = async (where?: string) => {
    const query = table.query();
    if (where) query.where(where);
    return arrowRows(await query.toArrow()).map((r) =>
      MonitoringAlertSchema.parse({
        ...r,
        value: Number(r.value),
        threshold: Number(r.threshold),
        resolvedAt: r.resolvedAt ?? null,
        acknowledgedAt: r.acknowledgedAt ?? null,
      }),
    );
  };
  const store: AlertStore = {
    add: (alert) => queue.run(async () => void (await table.add([{ ...alert }]))),
    async update(id, patch) {
      await queue.run(async () => {
        const valuesSql: Record<string, string> = {};
        for (const [key, value] of Object.entries(patch)) {
          if (value === undefined) continue;
          valuesSql[key] = value === null ? 'CAST(NULL AS STRING)' : typeof value === 'number' ? String(value) : sqlString(value);
        }
        await table.update({ where: sqlEquals('id', id), valuesSql });
      });
      return store.get(id);
    },
    async get(id) {
      return (await read(sqlEquals('id', id)))[0] ?? null;
    },
    async list(filter = {}) {
      const rows = (await read(filter.state ? sqlEquals('state', filter.state) : undefined)).sort((a, b) => b.firedAt.localeCompare(a.firedAt) || b.id.localeCompare(a.id));
      return filter.limit ? rows.slice(0, filter.limit) : rows;
    },
    async close() {
      await queue.idle();
      table.close();
      db.close();
    },
  };
  return store;
}
