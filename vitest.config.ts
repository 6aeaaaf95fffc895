import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Unit and module tests (src/**/*.test.ts), against PGlite always and PostgreSQL when TEST_DATABASE_URL is set.
export default defineConfig({
	resolve: { alias: { $lib: path.resolve('src/lib') } },
	test: {
		include: ['src/**/*.test.ts'],
		environment: 'node',
		pool: 'forks',
		globalSetup: ['src/lib/server/testing/global-setup.ts'],
		// Both cores: vitest's default leaves one free, which is one worker on a 2-core machine.
		maxWorkers: 2,
		testTimeout: 60_000,
		hookTimeout: 120_000
	}
});
