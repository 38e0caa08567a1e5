/** The console front end: deliveries printed to stdout, for a laptop with no chat tokens, and for the demo. */
import type { FrontEnd } from '../../core/ports.ts';
import { toPlainText, type Reply } from '../../core/reply.ts';

export function createConsoleFrontEnd(write: (text: string) => void = (t) => process.stdout.write(t)): FrontEnd {
  return {
    platform: 'console',
    async start() {},
    async stop() {},
    async send(channelId: string, reply: Reply) {
      write(`\n── #${channelId} · ${reply.kind} ──\n${toPlainText(reply)}\n`);
    },
  };
}
