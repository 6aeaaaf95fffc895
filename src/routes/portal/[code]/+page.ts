// Public page: no client JavaScript, so it loads fast on a cheap phone and works with scripts off.
export const csr = false;
