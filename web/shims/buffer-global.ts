// The global `Buffer` elfy and the ELF loader use, in the browser: the `buffer` package (the
// same API as Node's), injected by esbuild wherever the bundle names Buffer.
export { Buffer } from 'buffer';
