// The benchmark cases. A module adds its own in bench/cases/<module>.ts and lists them below.
import { coreCases } from './cases/core';
import { planCases } from './cases/plans';
import { documentTimings } from './cases/documents';
import { planImportTimings } from './cases/plan-import';
import { householdTimings } from './cases/households';
import { feedbackTimings } from './cases/feedback';
import { activityTimings } from './cases/activities';
import { budgetTimings } from './cases/budget';
import { dashboardTimings } from './cases/dashboards';
import { portalCases, portalLighthouse } from './cases/portal';
import { outreachTimings } from './cases/outreach';
import type { TimingCase } from './lib/timing';

/** A running app the cases can prepare requests against (demo data loaded). */
export interface AppUnderTest {
	/** http://127.0.0.1:PORT */
	url: string;
	database: 'pglite' | 'postgres';
	/** Signs in through POST /api/v1/session and returns the Cookie header to send. */
	signIn(username?: string, password?: string): Promise<string>;
	/** A bearer token of the `admin` account, made once per app through POST /api/v1/tokens. */
	adminToken(): Promise<string>;
}

/** The request a case loads the app with. */
export interface HttpTarget {
	/** Path and query, e.g. `/portal/16108`. GET only: a load that writes grows the data as it runs. */
	path: string;
	headers?: Record<string, string>;
	/**
	 * Checked on one answer before loading, beside status 200: returns what is wrong, if anything
	 * (a benchmark of an error page measures nothing).
	 */
	check?(body: string, contentType: string): string | undefined;
}

export interface BenchCase {
	/** Short id, used by BENCH_ONLY and in results JSON. */
	id: string;
	/** What the table shows, e.g. `GET /portal/16108 (public commune page)`. */
	title: string;
	/** Makes whatever the request needs (accounts, tokens, records) and returns the request. */
	prepare(app: AppUnderTest): Promise<HttpTarget>;
}

/**
 * Every case gets the same baseline, measured in the same run: the exact bytes the app answered,
 * written to a file and served by nginx (and by a bare node:http server), with the same load.
 * The gap between the two is what the app's work per request costs.
 */
export const cases: BenchCase[] = [...coreCases, ...planCases, ...portalCases];

/** In-process timings (work that is not a GET request), each beside its own baseline: bench/lib/timing.ts. */
export const timings: TimingCase[] = [...documentTimings, ...planImportTimings, ...householdTimings, ...activityTimings, ...dashboardTimings, ...feedbackTimings, ...portalLighthouse, ...budgetTimings, ...outreachTimings];
