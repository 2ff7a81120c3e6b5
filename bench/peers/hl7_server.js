// node-hl7-server answering every message with AA and keeping nothing: the peer of `titrate
// serve` in the MLLP ack benchmark (bench/peer_bench.py). Prints its bound address like the
// gateway does, then serves until SIGTERM.
//
//   node hl7_server.js [--port N]     (0, the default, picks a free port)
'use strict';

const net = require('net');
const { Server } = require('node-hl7-server');

// node-hl7-server 2.5.0 hands its bindAddress to net.Server#listen as `hostname`, which net
// ignores (it reads `host`), so it would listen on every interface: pass it on as `host`.
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (options, ...rest) {
  if (options && typeof options === 'object' && options.hostname && !options.host) {
    options = { ...options, host: options.hostname };
  }
  return listen.call(this, options, ...rest);
};

const at = process.argv.indexOf('--port');
const port = at > 0 ? Number(process.argv[at + 1]) : 0;

const server = new Server({ bindAddress: '127.0.0.1' });
const inbound = server.createInbound({ port }, async (req, res) => {
  await res.sendResponse('AA');
});
inbound.on('listen', () => {
  const address = inbound._socket.address();
  console.log(`listening mllp node-hl7-server ${address.address}:${address.port}`);
});
process.on('SIGTERM', async () => {
  await inbound.close();
  process.exit(0);
});
