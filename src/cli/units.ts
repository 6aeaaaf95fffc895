import type { Command } from 'commander';

/** `lantoa units …`: import and export of the administrative tree. */
export function registerUnitCommands(program: Command) {
	program.command('units').description('Đơn vị hành chính / administrative units');
}
