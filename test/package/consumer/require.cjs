// require() of every code entry: Node ≥ 20.19 loads these ES modules synchronously.
const assert = require('node:assert/strict');

assert.equal(typeof require('aip-kit').validate, 'function');
assert.equal(typeof require('aip-kit/sse').createParser, 'function');
assert.equal(typeof require('aip-kit/client').createClient, 'function');
assert.equal(typeof require('aip-kit/server').createServer, 'function');
assert.equal(typeof require('aip-kit/conformance').runConformance, 'function');
console.log('require: ok');
