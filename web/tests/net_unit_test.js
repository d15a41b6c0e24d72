// Unit checks of web/net.js under node: which TFTP names the page may fetch.
// usage: node net_unit_test.js
'use strict';
const assert = require('node:assert/strict');
const path = require('path');
const { tftpUrl } = require(path.join(__dirname, '..', 'net.js'));

const page = 'https://demo.example/boardwalk/index.html?M=versatilepb';
const inside = [
  ['images/netboot/', 'uImage', 'https://demo.example/boardwalk/images/netboot/uImage'],
  ['images/netboot', '/uImage', 'https://demo.example/boardwalk/images/netboot/uImage'],
  ['images/netboot/', 'sub/dir/a b', 'https://demo.example/boardwalk/images/netboot/sub/dir/a%20b'],
  ['images/netboot/', 'x?y#z', 'https://demo.example/boardwalk/images/netboot/x%3Fy%23z'],
  ['images/netboot/', 'https:x', 'https://demo.example/boardwalk/images/netboot/https%3Ax'],
  // Leading slashes name the folder's root (tftpd -s), never another host.
  ['images/netboot/', '//elsewhere.example/x',
   'https://demo.example/boardwalk/images/netboot/elsewhere.example/x'],
  ['images/netboot/', '%2e%2e', 'https://demo.example/boardwalk/images/netboot/%252e%252e'],
  // A cross-origin tftp= given in the page's own URL is the sharer's choice.
  ['https://cdn.example/tftp', 'uImage', 'https://cdn.example/tftp/uImage'],
];
for (const [base, name, want] of inside) {
  assert.equal(tftpUrl(base, name, page), want, `tftp=${base} name=${name}`);
}
const outside = [
  'https://elsewhere.example/x', '../secret', 'a/../../secret',
  './uImage', 'a//b', '..', '', '/', 'a\\..\\b',
];
for (const name of outside) {
  assert.equal(tftpUrl('images/netboot/', name, page), null, `name ${JSON.stringify(name)}`);
}
assert.equal(tftpUrl('javascript:alert(1)', 'x', page), null);
assert.equal(tftpUrl('file:///etc/', 'passwd', page), null);
console.log(`tftpUrl: ${inside.length} names inside, ${outside.length + 2} refused`);

// Frames the stream framing cannot carry never reach the socket.
const { WsTransport } = require(path.join(__dirname, '..', 'net.js'));
const sent = [];
const t = Object.create(WsTransport.prototype);
Object.assign(t, { framing: 'stream', connected: true, dropped: 0,
                   ws: { readyState: 1, send: (b) => sent.push(b.length) } });
for (const n of [13, 14, 9216, 9217, 65539]) t.send(new Uint8Array(n));
assert.deepEqual(sent, [18, 9220]);
assert.equal(t.dropped, 3);
console.log('stream transport: 14..9216-byte frames sent, 3 others dropped');
