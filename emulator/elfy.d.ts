declare module 'elfy' {
  const elfy: { parse(buf: Uint8Array): any };
  export default elfy;
}
