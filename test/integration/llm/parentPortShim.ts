/**
 * Pretends to be Electron's utilityProcess for the inference host: exposes `process.parentPort` over
 * the fork IPC channel, with messages wrapped in `{ data }` as Electron delivers them, then starts
 * the real host entry. Electron cannot run here; this keeps the parentPort branch of hostMain tested.
 */
const send = process.send?.bind(process);
if (!send) throw new Error('parentPortShim must be forked with an IPC channel');

(process as unknown as { parentPort: unknown }).parentPort = {
  on(event: string, listener: (event: { data: unknown }) => void) {
    if (event === 'message') process.on('message', (data) => listener({ data }));
  },
  postMessage(message: unknown) {
    send(message as never);
  },
};
// Electron's utility process has no process.send: hide it so the host must use parentPort.
(process as unknown as { send: undefined }).send = undefined;

await import('../../../src-main/core/llm/host/hostMain');

export {};
