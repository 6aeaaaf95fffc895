import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [sveltekit()],
	ssr: {
		// Native and WASM packages stay outside the server bundle.
		external: ['@electric-sql/pglite', '@node-rs/argon2', 'pg', 'pg-boss', 'exceljs']
	}
});
