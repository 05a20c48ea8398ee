// Preloaded into a Vigil process (`node --require`) by tests that need a hostname whose
// address changes, like a pod that comes back with a new IP. Names listed in the JSON file
// named by VIGIL_FAKE_DNS_FILE ({"name": "127.0.0.x"}) resolve to that address, read afresh
// at every lookup; every other name goes to the real resolver.
'use strict';
const dns = require('node:dns');
const fs = require('node:fs');

const file = process.env.VIGIL_FAKE_DNS_FILE;
function fakeAddress(hostname) {
  if (!file) return null;
  try {
    const table = JSON.parse(fs.readFileSync(file, 'utf8'));
    return typeof table[hostname] === 'string' ? table[hostname] : null;
  } catch {
    return null;
  }
}

const realLookup = dns.lookup;
dns.lookup = function lookup(hostname, options, callback) {
  const cb = typeof options === 'function' ? options : callback;
  const opts = typeof options === 'object' && options !== null ? options : {};
  const address = fakeAddress(hostname);
  if (address === null) return realLookup.call(dns, hostname, options, callback);
  process.nextTick(() => {
    if (opts.all) cb(null, [{ address, family: 4 }]);
    else cb(null, address, 4);
  });
  return {};
};

const realPromisesLookup = dns.promises.lookup;
dns.promises.lookup = async function lookup(hostname, options) {
  const address = fakeAddress(hostname);
  if (address === null) return realPromisesLookup.call(dns.promises, hostname, options);
  return options && options.all ? [{ address, family: 4 }] : { address, family: 4 };
};

// ES modules that import from node:dns see the patched functions too.
require('node:module').syncBuiltinESMExports();
