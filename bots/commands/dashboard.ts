/** `talkwatch dashboard`: a link to the operator's status page, with every tenant's feeds, alerts and subscriptions. */
import { describeLocal } from '../../core/schedule.ts';
import type { CommandGroup } from './types.ts';

export const dashboardCommand: CommandGroup = {
  name: 'dashboard',
  needsDatabase: true,
  register(program, { io, runtime }) {
    program
      .command('dashboard')
      .description("print a signed link (valid 24 h) to the operator's status page: every tenant's chart, stories, feeds, alerts and subscriptions")
      .action(() =>
        runtime.withApp(async (app) => {
          const { url, expiresAt } = await app.dashboard.link(null);
          io.out(url);
          io.err(`Anyone with this link sees every tenant's status until ${describeLocal(expiresAt, 'UTC')}; keep it to operators.`);
        }),
      );
  },
};
