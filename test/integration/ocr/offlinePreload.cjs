/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload (node --require) */
/**
 * Preloaded (node --require) in the OCR offline test's child process, and so in its worker threads:
 * every attempt to open a network connection or resolve a host name is written to the file named by
 * PHARE_NET_LOG and fails.
 */
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');
const { isMainThread } = require('node:worker_threads');

function record(what) {
  fs.appendFileSync(process.env.PHARE_NET_LOG, `${what} (${isMainThread ? 'main thread' : 'worker thread'})\n`);
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function blockedConnect(...args) {
  // Local pipes (Unix sockets, Windows named pipes: tsx talks to its parent through one) are not network.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const isPipe = (first && typeof first === 'object' && 'path' in first && first.path) || (typeof first === 'string' && !/^\d+$/.test(first));
  if (isPipe) return connect.apply(this, args);
  const target = first && typeof first === 'object' ? `${first.host ?? 'localhost'}:${first.port}` : `${args[1] ?? 'localhost'}:${first}`;
  record(`connect ${target}`);
  process.nextTick(() => this.destroy(new Error('network disabled by the offline test')));
  return this;
};
const lookup = dns.lookup;
dns.lookup = function blockedLookup(host, ...rest) {
  record(`dns lookup ${host}`);
  return lookup.call(this, 'invalid.invalid', ...rest);
};
