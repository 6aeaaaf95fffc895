import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let source: string | undefined;

/** The WCAG 2.1 A and AA rules of axe-core (what the portal promises). */
export const WCAG21AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	/** CSS selectors of the first offending elements, with their HTML. */
	nodes: { target: string; html: string }[];
}

/**
 * Runs axe-core in the page as it is now and returns the violations of the given rule tags
 * (WCAG 2.1 AA by default). The page's context must allow JavaScript (axe runs in the page);
 * the page itself may ship none. Injecting axe adds one script to the page: count the page's own
 * scripts before calling this.
 */
export async function axeViolations(page: Page, tags: string[] = WCAG21AA): Promise<AxeViolation[]> {
	source ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
	await page.addScriptTag({ content: source });
	return page.evaluate(async (runTags) => {
		const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; html: string }[] }[] }> } }).axe;
		const result = await axe.run(document, { runOnly: { type: 'tag', values: runTags }, resultTypes: ['violations'] });
		return result.violations.map((v) => ({
			id: v.id,
			impact: v.impact,
			help: v.help,
			nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.map(String).join(' '), html: n.html.slice(0, 200) }))
		}));
	}, tags);
}

/** Violations as readable lines, for an assertion message. */
export function describeViolations(violations: AxeViolation[]): string {
	return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target}: ${n.html}`).join('\n')}`).join('\n');
}
