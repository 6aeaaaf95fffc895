// Public pages: no client JavaScript, so they load fast on a cheap phone and work with scripts off.
export const csr = false;
