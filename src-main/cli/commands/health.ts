/**
 * `phare health`: the health report (store, disk, models, OCR data, scheduler, last run, jobs), one
 * line per component with its state and why. Exits 1 when the overall state is failing, so a
 * monitoring script can run it as is.
 */
import { Command } from 'commander';
import type { HealthState } from '../../../src-shared/quality';
import { cliMessage, type CliMessageCode } from '../cliMessages';
import { addLibraryOptions, CommandContext, LibraryOptions, printJson, runAction, withLibrary } from '../commandContext';

const STATE_MESSAGES: Record<HealthState, CliMessageCode> = { ok: 'HEALTH_OK', degraded: 'HEALTH_DEGRADED', failing: 'HEALTH_FAILING' };

export function healthCommand(ctx: CommandContext): Command {
  const command = addLibraryOptions(new Command('health').description('check the library, disk, models, OCR data and quality schedule (exit 1 when failing)'));
  return command.action((options: LibraryOptions) =>
    runAction(ctx, options, () =>
      withLibrary(ctx, options, async (client) => {
        const report = await client.call('health', {});
        if (options.json) printJson(ctx, report);
        else {
          const state = (s: HealthState) => cliMessage(STATE_MESSAGES[s], ctx.lang);
          ctx.io.stdout(cliMessage('HEALTH_OVERALL', ctx.lang, { state: state(report.state) }) + '\n');
          const nameWidth = Math.max(...report.components.map((c) => c.name.length));
          const stateWidth = Math.max(...report.components.map((c) => state(c.state).length));
          for (const c of report.components) ctx.io.stdout(`  ${c.name.padEnd(nameWidth)}  ${state(c.state).padEnd(stateWidth)}  ${c.detail}\n`);
        }
        return report.state === 'failing' ? 1 : 0;
      }),
    ),
  );
}
