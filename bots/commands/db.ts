import type { CommandGroup } from './types.ts';

export const dbCommands: CommandGroup = {
  name: 'db',
  needsDatabase: true,
  register(program, { io, runtime }) {
    const db = program.command('db').description('database maintenance');
    db.command('migrate')
      .description('apply pending database migrations')
      .action(() =>
        runtime.withApp(async (app) => {
          const { migrate } = await import('../../db/migrate.ts');
          const { applied, total } = await migrate(app.database);
          io.out(applied === 0 ? `database is up to date (${total} migrations)` : `applied ${applied} of ${total} migrations`);
        }),
      );
  },
};
