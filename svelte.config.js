import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	kit: {
		adapter: adapter({ out: 'build' }),
		// Forms post from our own pages only. The origin check is src/lib/server/http/csrf.ts, called
		// first in hooks.server.ts: the same rule as SvelteKit's, with the one exception mail
		// providers need (one-click unsubscribe), which SvelteKit's own check cannot make.
		csrf: { trustedOrigins: ['*'] },
		alias: { $cli: 'src/cli' }
	}
};

export default config;
