/**
 * Preloaded into every Node process and thread of the offline test (`NODE_OPTIONS=--require …`: the
 * inference host inherits it, and worker threads run it too, which `--import` would miss): records
 * each network destination a code path asks for (TCP and TLS connections, UDP sends, DNS lookups) as
 * one JSON line in the file named by PHARE_NET_GUARD_LOG, with the stack that asked. Nothing is blocked here (the network namespace does
 * that); the test fails on any destination that is not the machine itself. CommonJS so that it
 * loads before any TypeScript loader, in worker threads too.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose (see above) */
const dgram = require('node:dgram');
const dns = require('node:dns');
const { appendFileSync } = require('node:fs');
const net = require('node:net');
const { threadId } = require('node:worker_threads');

const logFile = process.env.PHARE_NET_GUARD_LOG;

function write(entry) {
  if (!logFile) return;
  try {
    appendFileSync(logFile, JSON.stringify({ pid: process.pid, threadId, ...entry }) + '\n');
  } catch {
    // The log is the test's concern; the process goes on.
  }
}

/** Loopback names and addresses (what stays on the machine). */
function isLoopback(host) {
  if (host === undefined || host === null || host === '') return true; // Node's default: localhost
  const h = String(host).toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\./.test(h) || /^::ffff:127\./.test(h) || h === '0:0:0:0:0:0:0:1';
}

function destination(kind, host, port) {
  if (isLoopback(host)) return;
  write({ kind, host: String(host), port: port === undefined ? null : Number(port), stack: new Error().stack?.split('\n').slice(2, 14).join('\n') });
}

// TCP (http, https, fetch/undici, tls, raw sockets): every client connection goes through Socket#connect.
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  let options = args[0];
  if (Array.isArray(options)) options = options[0]; // net.connect passes its normalized arguments
  if (options && typeof options === 'object') {
    if (options.path === undefined) destination('tcp', options.host ?? 'localhost', options.port);
  } else if (typeof options === 'number' || (typeof options === 'string' && /^\d+$/.test(options))) {
    destination('tcp', typeof args[1] === 'string' ? args[1] : 'localhost', options);
  }
  return connect.apply(this, args);
};

// UDP.
const send = dgram.Socket.prototype.send;
dgram.Socket.prototype.send = function guardedSend(...args) {
  // send(msg[, offset, length], port[, address][, callback])
  const numbers = args.slice(1).filter((a) => typeof a === 'number');
  const address = args.slice(1).find((a) => typeof a === 'string');
  if (numbers.length > 0) destination('udp', address ?? 'localhost', numbers[numbers.length - 1]);
  return send.apply(this, args);
};
const udpConnect = dgram.Socket.prototype.connect;
dgram.Socket.prototype.connect = function guardedUdpConnect(port, address, ...rest) {
  destination('udp', typeof address === 'string' ? address : 'localhost', port);
  return udpConnect.call(this, port, address, ...rest);
};

// Name lookups (a name that is looked up is a connection on its way).
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) {
  const original = dns[name];
  dns[name] = function guardedLookup(hostname, ...rest) {
    destination('dns', hostname);
    return original.call(this, hostname, ...rest);
  };
  const promised = dns.promises[name];
  dns.promises[name] = function guardedLookupPromise(hostname, ...rest) {
    destination('dns', hostname);
    return promised.call(this, hostname, ...rest);
  };
}

write({ kind: 'installed', argv: process.argv.slice(1, 2) });
