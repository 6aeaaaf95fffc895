import type { z } from 'zod';
import { tBoth, type MessageKey } from '../../../../i18n';
import type { PlanWarning } from '../plans.interchange';

export type ImportWarning = z.infer<typeof PlanWarning>;

/** The schema keeps at most this many warnings; the last one says how many more there were. */
const MAX_WARNINGS = 1000;

/**
 * Warnings of one import: text the parser kept in place but did not recognise, or a value it had
 * to guess. The message is in both languages, as the command line prints it and as it is stored
 * with the plan, so whoever reads it later reads it without the catalog.
 */
export class ImportWarnings {
	private readonly items: ImportWarning[] = [];

	add(key: MessageKey, line: number | null, text: string | null, params: Record<string, string | number> = {}): void {
		this.items.push({ line, message: tBoth(key, params), text });
	}

	list(): ImportWarning[] {
		if (this.items.length <= MAX_WARNINGS) return [...this.items];
		const more = this.items.length - (MAX_WARNINGS - 1);
		return [...this.items.slice(0, MAX_WARNINGS - 1), { line: null, message: tBoth('planImport.warning.more', { count: more }), text: null }];
	}
}
