// A stand-in for chat-server behind ops/nginx/nginx.conf in ops/check/nginx-behaviour: echoes the request
// headers it received as JSON (large enough to be worth gzip), and streams Server-Sent Events on /api/v1/chat.
//   node nginx-backend.mjs PORT
import http from 'node:http';

const port = Number(process.argv[2]);
http.createServer((req, res) => {
  if (req.url.startsWith('/api/v1/chat')) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    let n = 0;
    const timer = setInterval(() => {
      res.write(`event: token\ndata: ${'x'.repeat(600)} ${n}\n\n`);
      if (++n === 3) { clearInterval(timer); res.end(); }
    }, 300);
    return;
  }
  const body = JSON.stringify({ url: req.url, headers: req.headers, padding: 'y'.repeat(2000) });
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(body);
}).listen(port, '127.0.0.1');
