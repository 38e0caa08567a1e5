import type { CommandGroup } from './types.ts';

export const demoCommand: CommandGroup = {
  name: 'demo',
  needsDatabase: false,
  register(program, { io }) {
    program
      .command('demo')
      .description('replay five days of the Iran-US talks offline and print what a channel would receive')
      .action(async () => {
        const { runDemo } = await import('../demo/run.ts');
        await runDemo(io);
      });
  },
};
