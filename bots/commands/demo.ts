import type { CommandGroup } from './types.ts';

export const demoCommand: CommandGroup = {
  name: 'demo',
  needsDatabase: false,
  register(program, { io }) {
    program
      .command('demo')
      .description('replay five days of the Iran-US talks offline and print what a channel would receive')
      .option('--charts <dir>', "also write each digest's momentum chart as a PNG into this directory")
      .action(async (options: { charts?: string }) => {
        const { runDemo } = await import('../demo/run.ts');
        await runDemo(io, { charts: options.charts });
      });
  },
};
