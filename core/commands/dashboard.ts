/** `dashboard`: a private link to the caller's tenant's status page, signed and expiring. */
import { describeLocal } from '../schedule.ts';
import { note, type Reply } from '../reply.ts';
import type { HandlerDeps } from './deps.ts';
import type { Invocation } from './grammar.ts';
import { tenantWord } from './queries.ts';

export async function dashboard(inv: Invocation, deps: HandlerDeps): Promise<Reply> {
  if (!deps.dashboardLink) return note('error', 'warning', 'The status page is not served here.', undefined, true);
  // The link is the tenant's, never another's: whoever holds it sees this workspace's or server's page.
  const { url, expiresAt } = await deps.dashboardLink(inv.channel.tenant);
  return {
    kind: 'ok',
    tone: 'info',
    title: `This ${tenantWord(inv)}'s status page: ${url}`,
    blocks: [{ type: 'context', text: `Only for you: anyone with the link can open it until ${describeLocal(expiresAt, 'UTC')}. Ask again for a new one.` }],
    ephemeral: true,
  };
}
