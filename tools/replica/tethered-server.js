#!/usr/bin/env node
'use strict';

// Runs pouchdb-server in this very process, tied to the life of the process that started it (the harness).
// The harness may die in a way that runs none of its code (kill -9, an OOM kill): the kernel still closes its
// end of our stdin pipe, so end-of-file on stdin means "the harness is gone" and we exit with it. The parent
// PID is polled too, for a start without a pipe (by hand from a terminal, where stdin is a TTY and stays open).
// Arguments are pouchdb-server's own: `node tethered-server.js --host 127.0.0.1 --port 5984 --dir DATA ...`.

const fs = require('fs');

const parentPid = process.ppid;
const parentPollMs = 500;

function exitBecause(reason) {
  process.stderr.write(`tethered-server: ${reason}; exiting\n`);
  process.exit(0);
}

let stdinIsPipe = false;
try {
  const stat = fs.fstatSync(0);
  stdinIsPipe = stat.isFIFO() || stat.isSocket();
} catch (e) {
  // No stdin at all: only the parent poll ties us.
}

if (stdinIsPipe) {
  process.stdin.on('end', () => exitBecause('the harness closed stdin (it exited)'));
  process.stdin.on('error', (e) => exitBecause(`stdin failed (${e.code || e.message})`));
  // Nothing is ever written to us; reading only waits for the end.
  process.stdin.on('data', () => {});
  process.stdin.resume();
}

// Reparented (to init or a subreaper): the harness died before the pipe could tell us.
setInterval(() => {
  if (process.ppid !== parentPid) exitBecause(`parent ${parentPid} is gone`);
}, parentPollMs).unref();

require('pouchdb-server/lib/index.js');

// A terminal's Ctrl+C, Ctrl+\ or hang-up is for the harness: it reads what it needs from this server, then stops
// it (SIGKILL). pouchdb-server exits on SIGINT by itself; that handler is replaced. The harness normally starts us
// in a session of our own, where the terminal's signals never arrive; this covers a start without `setsid`.
process.removeAllListeners('SIGINT');
for (const signal of ['SIGINT', 'SIGQUIT', 'SIGHUP']) process.on(signal, () => {});
