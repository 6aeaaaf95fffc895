import type { Command } from 'commander';
import { registerPlanImportCommand } from './plans-import';
import { registerPlanRenderCommand } from './plans-render';

/** `lantoa plans …`: import plans from files and render them as official documents. */
export function registerPlanCommands(program: Command) {
	const plans = program.command('plans').description('Kế hoạch truyền thông / communication plans');
	registerPlanImportCommand(plans);
	registerPlanRenderCommand(plans);
}
