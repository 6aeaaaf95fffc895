/** The process is alive (no database round trip: load balancers call this often). */
export const GET = () => new Response('ok\n', { headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' } });
