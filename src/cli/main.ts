import { Command, CommanderError } from 'commander';
import { z } from 'zod';
import { AppError } from '../lib/server/errors';
import { tBoth } from '../lib/i18n';
import { toErrorBody } from '../lib/server/api/errors';

type Register = (program: Command) => void;

/**
 * The command groups, each loaded only when its command runs: a list import does not load the
 * plan renderers or the demo. Help and unknown commands load them all.
 */
const groups: Record<string, () => Promise<Register>> = {
	units: async () => (await import('./units')).registerUnitCommands,
	plans: async () => (await import('./plans')).registerPlanCommands,
	households: async () => (await import('./households')).registerHouseholdCommands,
	demo: async () => (await import('./demo')).registerDemoCommands
};
const core = async (): Promise<Register> => (await import('./core')).registerCoreCommands;

/** Runs one `lantoa` command line; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
	const program = new Command('lantoa')
		.description('Lan Tỏa — truyền thông giảm nghèo bền vững / poverty-reduction communication')
		.exitOverride()
		.showHelpAfterError();
	const first = argv.find((a) => !a.startsWith('-'));
	const needed = first && Object.hasOwn(groups, first) ? [groups[first]] : [core, ...Object.values(groups)];
	for (const register of await Promise.all(needed.map((load) => load()))) register(program);
	try {
		await program.parseAsync(argv, { from: 'user' });
		return typeof process.exitCode === 'number' ? process.exitCode : 0;
	} catch (err) {
		if (err instanceof CommanderError) return err.exitCode;
		if (err instanceof AppError || err instanceof z.ZodError) {
			// Bad input: the message in both languages, one line per field or row, exit 2.
			const vi = toErrorBody(err, 'vi').body.error;
			const headline = err instanceof AppError ? tBoth(err.messageKey, err.params) : tBoth('error.validation');
			process.stderr.write(`Lỗi / Error: ${headline}\n`);
			for (const d of vi.details) {
				const where = d.row ? `dòng/line ${d.row}: ` : '';
				const field = d.column ?? d.path;
				process.stderr.write(`  ${where}${field ? `[${field}] ` : ''}${d.message}\n`);
			}
			return 2;
		}
		const { body } = toErrorBody(err, 'vi');
		process.stderr.write(`Lỗi / Error: ${body.error.message}\n${err instanceof Error ? err.message : String(err)}\n`);
		return 1;
	}
}
