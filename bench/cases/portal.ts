import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { startAppServer, type AppServer } from '../../src/lib/server/testing/app-server';
import type { BenchCase } from '../registry';
import type { TimingCase, TimingTarget } from '../lib/timing';

/**
 * The public portal. Two kinds of figures:
 *
 * 1. HTTP cases (beside nginx and node:http serving the exact bytes the app answered, like every
 *    case): server-rendered throughput of a commune's portal home and news list.
 * 2. Lighthouse 12.8 with its default mobile settings (Moto G Power screen, simulated slow 4G and
 *    4× CPU slowdown) on the home, news and feedback pages of the built app with the demo data,
 *    driving Debian's Chromium. Each row is one Lighthouse run; its label carries the four
 *    category scores beside the targets (performance ≥ 95, accessibility 100, best practices ≥ 95,
 *    SEO ≥ 95), and a score below its target makes the row fail.
 */

const UNIT = '16108';

export const portalCases: BenchCase[] = [
	{
		id: 'portal-home',
		title: `GET /portal/${UNIT} (portal home: latest news, events, stories, the week's broadcasts)`,
		async prepare() {
			return {
				path: `/portal/${UNIT}`,
				check: (body, type) =>
					!type.startsWith('text/html')
						? `content-type ${type}`
						: !body.includes(`href="/portal/${UNIT}/news/`)
							? 'home shows no news'
							: /<script/i.test(body)
								? 'the page ships a script'
								: undefined
			};
		}
	},
	{
		id: 'portal-news',
		title: `GET /portal/${UNIT}/news (portal news list, first page)`,
		async prepare() {
			return { path: `/portal/${UNIT}/news`, check: (body) => (body.includes(`href="/portal/${UNIT}/news/`) ? undefined : 'no articles listed') };
		}
	}
];

/** The flags Debian's Chromium needs here (docs: /work/shared/STACK.md "Gotchas"). */
const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const TARGETS = { performance: 95, accessibility: 100, 'best-practices': 95, seo: 95 } as const;
type Category = keyof typeof TARGETS;
const SHORT: Record<Category, string> = { performance: 'perf', accessibility: 'a11y', 'best-practices': 'best', seo: 'SEO' };

/** Scores 0–100 of one Lighthouse result. */
function scoresOf(lhr: { categories: Record<string, { score: number | null }> }): Record<Category, number | null> {
	const out = {} as Record<Category, number | null>;
	for (const c of Object.keys(TARGETS) as Category[]) {
		const s = lhr.categories[c]?.score;
		out[c] = s === null || s === undefined ? null : Math.round(s * 100);
	}
	return out;
}

/** The audits that cost points, for the failure message. */
function failingAudits(lhr: { categories: Record<string, { auditRefs: { id: string; weight: number }[] }>; audits: Record<string, { score: number | null; title: string }> }): string[] {
	const out: string[] = [];
	for (const c of Object.keys(TARGETS)) {
		for (const ref of lhr.categories[c]?.auditRefs ?? []) {
			const a = lhr.audits[ref.id];
			if (ref.weight > 0 && a && a.score !== null && a.score < 1) out.push(`${c}/${ref.id} (${a.score})`);
		}
	}
	return out;
}

export const portalLighthouse: TimingCase[] = [
	{
		id: 'portal-lighthouse',
		title: `Lighthouse (mobile) on the portal of ${UNIT}: scores beside targets perf ≥ ${TARGETS.performance}, a11y ${TARGETS.accessibility}, best ≥ ${TARGETS['best-practices']}, SEO ≥ ${TARGETS.seo}`,
		async prepare(): Promise<TimingTarget[]> {
			let app: AppServer | undefined;
			let chrome: chromeLauncher.LaunchedChrome | undefined;
			const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-lighthouse-'));
			const stop = async () => {
				try {
					chrome?.kill();
				} catch {
					/* already gone */
				}
				await app?.stop();
				fs.rmSync(userDataDir, { recursive: true, force: true });
			};
			try {
				// Seeding the demo data takes over a minute on a busy machine.
				app = await startAppServer({ timeoutMs: 300_000 });
				chrome = await chromeLauncher.launch({ chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', chromeFlags: CHROME_FLAGS, userDataDir, logLevel: 'error' });
			} catch (e) {
				await stop();
				throw e;
			}
			const pages = [`/portal/${UNIT}`, `/portal/${UNIT}/news`, `/portal/${UNIT}/feedback`];
			// One request each first: the server's first answer of a route loads its code.
			for (const p of pages) await (await fetch(app.url + p)).arrayBuffer();
			const results: Record<string, unknown> = {};
			return pages.map((p, i) => {
				const target: TimingTarget = {
					label: `lighthouse ${p}`,
					samples: 1,
					warmup: 0,
					async run() {
						try {
							const result = await lighthouse(app!.url + p, { port: chrome!.port, output: 'json', logLevel: 'error', onlyCategories: Object.keys(TARGETS) });
							if (!result) throw new Error('Lighthouse returned no result');
							const lhr = result.lhr as unknown as Parameters<typeof failingAudits>[0] & Parameters<typeof scoresOf>[0];
							const scores = scoresOf(lhr);
							results[p] = { scores, failing: failingAudits(lhr) };
							target.label = `lighthouse ${p}: ${(Object.keys(TARGETS) as Category[]).map((c) => `${SHORT[c]} ${scores[c] ?? '?'}/${TARGETS[c]}`).join(' · ')}`;
							const missed = (Object.keys(TARGETS) as Category[]).filter((c) => (scores[c] ?? 0) < TARGETS[c]);
							if (missed.length) throw new Error(`${target.label}: below target in ${missed.join(', ')}; audits losing points: ${failingAudits(lhr).join(', ')}`);
							return typeof result.report === 'string' ? result.report.length : 0;
						} finally {
							if (i === pages.length - 1) {
								fs.mkdirSync(path.join(import.meta.dirname, '..', 'results'), { recursive: true });
								fs.writeFileSync(path.join(import.meta.dirname, '..', 'results', 'lighthouse.json'), JSON.stringify({ date: new Date().toISOString(), targets: TARGETS, pages: results }, null, '\t') + '\n');
								await stop();
							}
						}
					}
				};
				return target;
			});
		}
	}
];
