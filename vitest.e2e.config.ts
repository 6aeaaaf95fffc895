import path from 'node:path';
import { defineConfig } from 'vitest/config';

// End-to-end tests (e2e/**/*.e2e.ts): each file starts the built app (`npm run build` first) on its
// own port with a fresh PGlite database and drives it with Debian's Chromium or plain HTTP.
// Files run one after another: each starts a server and a browser, and two cores are not enough
// for several at once without timing noise.
export default defineConfig({
	resolve: { alias: { $lib: path.resolve('src/lib') } },
	test: {
		include: ['e2e/**/*.e2e.ts'],
		globalSetup: ['e2e/support/global-setup.ts'],
		environment: 'node',
		pool: 'forks',
		fileParallelism: false,
		testTimeout: 60_000,
		hookTimeout: 120_000,
		// A failed e2e test gets one more try, and every retry is printed in the run's output; none is
		// expected. (The sign-ins that used to wait 30 s on a loaded machine were fields filled before
		// the page hydrated and then emptied by it: src/lib/typed-before-start.ts keeps them now.)
		retry: 1
	}
});
