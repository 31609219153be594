/** The address a server listens on unless told otherwise: this machine only (a module of its own, so the CLI reads it without loading the bridge). */
export const LOOPBACK_HOST = '127.0.0.1';
