// Node's ws client with its default options (permessage-deflate offered), bridged to the Java test:
// every event is one JSON line on stdout, every line on stdin is sent as a text message.
'use strict';
const WebSocket = require('ws');
const readline = require('readline');

const out = (event) => process.stdout.write(JSON.stringify(event) + '\n');
const socket = new WebSocket(process.argv[2], ['vortex.v1']);
let extensions = '';
socket.on('upgrade', (response) => {
  extensions = response.headers['sec-websocket-extensions'] || '';
});
socket.on('open', () => out({ event: 'open', extensions }));
socket.on('message', (data) => out({ event: 'message', data: data.toString('utf8') }));
socket.on('error', (error) => out({ event: 'error', message: String(error) }));
socket.on('close', (code) => {
  out({ event: 'close', code });
  process.exit(0);
});
readline.createInterface({ input: process.stdin }).on('line', (line) => socket.send(line));
