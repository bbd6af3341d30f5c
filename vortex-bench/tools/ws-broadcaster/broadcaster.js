// A broadcaster a user could write in an afternoon, with Node's ws: WebSocket on any path, POST /publish sends
// the body to every open socket as one text frame (one Buffer for all: ws writes a small header per socket and the
// same unmasked payload). Measured by: vortex-bench fanout --peer ws://127.0.0.1:PORT/ --publish-url http://127.0.0.1:PORT/publish
//
//   cd vortex-bench/tools/ws-broadcaster && npm ci && node broadcaster.js [port]
'use strict';
const http = require('http');
const { WebSocketServer, WebSocket } = require('ws');

const port = Number(process.argv[2] || 0);
const server = http.createServer((request, response) => {
  if (request.method !== 'POST' || !request.url.startsWith('/publish')) {
    response.writeHead(405, { 'content-type': 'text/plain' });
    response.end(`POST the frame's text to /publish; was ${request.method} ${request.url}\n`);
    return;
  }
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    let sent = 0;
    for (const socket of sockets.clients) {
      if (socket.readyState === WebSocket.OPEN) {
        socket.send(body, { binary: false });
        sent++;
      }
    }
    response.writeHead(202, { 'content-type': 'text/plain' });
    response.end(`sent to ${sent}\n`);
  });
});
const sockets = new WebSocketServer({ server, perMessageDeflate: false });
sockets.on('connection', (socket) => socket.on('message', () => {}));
server.listen(port, '127.0.0.1', () => {
  console.log(`ws broadcaster listening on 127.0.0.1:${server.address().port}, pid ${process.pid}`);
});
