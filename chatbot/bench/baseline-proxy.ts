/**
 * The benchmark's baseline: the thinnest possible proxy of the same fake model. Per request it
 * calls ConverseStream through the same SDK client and pipes the text deltas out as SSE, with no
 * validation, limits, logging or telemetry, so "app minus baseline" is the app's own cost.
 * Run as a child (`node --import tsx bench/baseline-proxy.ts`); it reports its port over IPC.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';

const client = new BedrockRuntimeClient({ region: process.env.AWS_REGION, endpoint: process.env.BEDROCK_ENDPOINT, maxAttempts: 1 });
const modelId = process.env.BEDROCK_PRIMARY_MODEL_ID ?? 'bench-model';

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    void (async () => {
      const { messages } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { messages: Array<{ role: 'user' | 'assistant'; content: string }> };
      const abort = new AbortController();
      res.on('close', () => abort.abort());
      try {
        const output = await client.send(new ConverseStreamCommand({
          modelId,
          messages: messages.map((m) => ({ role: m.role, content: [{ text: m.content }] })),
        }), { abortSignal: abort.signal });
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
        for await (const event of output.stream ?? []) {
          const text = event.contentBlockDelta?.delta?.text;
          if (text !== undefined) res.write(`event: delta\ndata: ${JSON.stringify({ text })}\n\n`);
        }
        res.end(`event: done\ndata: ${JSON.stringify({ model: modelId })}\n\n`);
      } catch (err) {
        if (!res.headersSent) res.writeHead(502);
        res.end(`event: error\ndata: ${JSON.stringify({ message: String(err) })}\n\n`);
      }
    })();
  });
});
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
// Exit (not die) on SIGTERM, so `--cpu-prof` and other exit hooks still write their output.
process.on('SIGTERM', () => server.close(() => process.exit(0)).closeAllConnections());
