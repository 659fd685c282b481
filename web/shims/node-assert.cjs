// What elfy uses of Node's `assert`, for the browser bundle (web/build-page.ts aliases it).
// CommonJS, as elfy require()s it and calls assert.equal on the module itself.
function assert(ok, message) {
  if (!ok) throw new Error(message || 'assertion failed');
}
assert.equal = function equal(a, b, message) {
  if (a != b) throw new Error(message || String(a) + ' == ' + String(b)); // loose, as Node's
};
module.exports = assert;
