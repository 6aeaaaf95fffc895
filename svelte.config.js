import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	kit: {
		adapter: adapter({ out: 'build' }),
		// Forms post from our own pages only; SvelteKit's origin check stays on.
		csrf: { trustedOrigins: [] },
		alias: { $cli: 'src/cli' }
	}
};

export default config;
