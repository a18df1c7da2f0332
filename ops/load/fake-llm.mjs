// The LLM provider faked at the HTTP level for the edge harnesses (ops/dev/edge, ops/load): an OpenAI-compatible
// POST /v1/chat/completions that streams an answer citing passage [1]. Its latency is log-normal: each answer
// takes L = median * exp(sigma * Z) in all (Z standard normal; median 800 ms, sigma 0.5 by default: p95 1.8 s),
// and the first token is sent at once, the rest spread evenly over L. So a client's time to the first token is
// the chat server's own overhead before the first token (plus this loopback hop), while answers still hold a
// stream open for a realistic, skewed time. GET /stats tells how many completions were asked for (the harness
// checks that cached answers never reach the LLM).
//   node fake-llm.mjs PORT [MEDIAN_MS] [SIGMA]
import http from 'node:http';

const port = Number(process.argv[2]);
const median = Number(process.argv[3] ?? 800);
const sigma = Number(process.argv[4] ?? 0.5);
let completions = 0;
let open = 0;

function normal() {  // Box-Muller
  let u = 0;
  while (u === 0) u = Math.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * Math.random());
}

const WORDS = ('According to the documentation [1], this is configured in the section quoted above; the same page '
  + 'explains the defaults, the environment variables that override them and what happens when a value is '
  + 'missing [1]. See the cited passage for the exact commands.').split(' ');

function chunk(content, finish, usage) {
  const c = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1700000000, model: 'fake', choices: [] };
  if (usage) c.usage = usage;
  else c.choices.push({ index: 0, delta: content == null ? {} : { content }, finish_reason: finish ?? null });
  return `data: ${JSON.stringify(c)}\n\n`;
}

http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ completions, open, median, sigma }));
    return;
  }
  let body = '';
  req.on('data', d => { body += d; });
  req.on('end', () => {
    if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"error":{"message":"not found","type":"not_found"}}');
      return;
    }
    completions++;
    let parsed = {};
    try { parsed = JSON.parse(body); } catch { /* answer anyway */ }
    const total = median * Math.exp(sigma * normal());
    const usage = { prompt_tokens: 1000, completion_tokens: WORDS.length, total_tokens: 1000 + WORDS.length };
    if (parsed.stream === false) {
      setTimeout(() => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion', created: 1700000000, model: 'fake',
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: WORDS.join(' ') } }], usage }));
      }, total);
      return;
    }
    open++;
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    let i = 0;
    const step = total / Math.max(1, WORDS.length - 1);
    const send = () => {
      if (res.destroyed) { open--; return; }
      res.write(chunk((i === 0 ? '' : ' ') + WORDS[i]));
      i++;
      if (i < WORDS.length) { setTimeout(send, step); return; }
      res.write(chunk(null, 'stop'));
      res.write(chunk(null, null, usage));
      res.end('data: [DONE]\n\n');
      open--;
    };
    send();
  });
}).listen(port, '127.0.0.1');
