'use strict';
/**
 * Traffic stays on this machine: tests send traffic only to 127.0.0.0/8 (and to network namespaces they
 * create, whose processes do not load this file). Loaded into the test workers (vitest setupFiles,
 * Playwright's config) and, through NODE_OPTIONS, into every Node process they start: the harness, the
 * built CLI. Fixtures name hosts such as dtr.example.com; without this guard the app would ask the
 * machine's DNS about them and try to connect off the machine.
 *
 * - A host name other than localhost is "not found" (ENOTFOUND, as an NXDOMAIN answer would be) without a
 *   query leaving the process. Not even *.localhost: glibc asks the DNS server for those (faults-dns shows it).
 * - A connection to an address outside 127.0.0.0/8 and ::1 fails with ENETUNREACH before a packet leaves.
 * Both errors carry `loopbackGuard: true`.
 */
const dns = require('node:dns');
const net = require('node:net');
const { syncBuiltinESMExports } = require('node:module');

const MARK = Symbol.for('dtr-s3-assistant.loopback-guard');

const isLoopbackAddress = (address) =>
  net.isIPv4(address)
    ? address.startsWith('127.')
    : net.isIPv6(address) && (address === '::1' || /^::ffff:127\./i.test(address));

// /etc/hosts answers it; getaddrinfo sends any other name (bucket.localhost included) to the DNS server.
const isLocalName = (host) => String(host).toLowerCase().replace(/\.$/, '') === 'localhost';

function guardError(code, syscall, host, detail) {
  return Object.assign(new Error(`${syscall} ${code} ${host} (${detail})`), { code, syscall, hostname: host, loopbackGuard: true });
}

const notFound = (host) => guardError('ENOTFOUND', 'getaddrinfo', host, 'test guard: traffic stays on this machine');

/** Filter a lookup's answer (single or `all: true`) to loopback, or fail as unreachable. */
function checkedLookup(lookup) {
  if (lookup[MARK]) return lookup;
  const wrapped = function (host, options, callback) {
    const cb = typeof options === 'function' ? options : callback;
    const opts = typeof options === 'function' ? {} : options;
    if (!net.isIP(host) && !isLocalName(host)) return process.nextTick(cb, notFound(host));
    return lookup(host, opts, (error, address, family) => {
      if (error) return cb(error);
      const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
      const outside = addresses.find((a) => !isLoopbackAddress(a));
      if (outside) return cb(guardError('ENETUNREACH', 'connect', host, `test guard: ${outside} is not a loopback address`));
      return cb(null, address, family);
    });
  };
  wrapped[MARK] = true;
  return wrapped;
}

if (!globalThis[MARK]) {
  globalThis[MARK] = true;

  dns.lookup = checkedLookup(dns.lookup);

  const promisesLookup = dns.promises.lookup;
  dns.promises.lookup = async function (host, options) {
    if (!net.isIP(host) && !isLocalName(host)) throw notFound(host);
    const found = await promisesLookup.call(this, host, options);
    const addresses = Array.isArray(found) ? found.map((a) => a.address) : [found.address];
    const outside = addresses.find((a) => !isLoopbackAddress(a));
    if (outside) throw guardError('ENETUNREACH', 'connect', host, `test guard: ${outside} is not a loopback address`);
    return found;
  };

  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (...args) {
    // net.connect() passes its already-normalized [options, callback] array as the one argument.
    const [options] = Array.isArray(args[0]) ? args[0] : net._normalizeArgs(args);
    if (options.path == null) {
      const host = options.host ?? 'localhost';
      if (net.isIP(host) && !isLoopbackAddress(host)) {
        const error = guardError('ENETUNREACH', 'connect', host, 'test guard: not a loopback address');
        this.connecting = true;
        process.nextTick(() => this.destroy(error));
        return this;
      }
      if (typeof options.lookup === 'function') options.lookup = checkedLookup(options.lookup);
    }
    return connect.apply(this, args);
  };

  syncBuiltinESMExports();

  // Every Node process started from here (harness, CLI) loads the guard too.
  const flag = `--require ${JSON.stringify(__filename)}`;
  if (!(process.env.NODE_OPTIONS ?? '').includes(flag)) {
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${flag}`.trim();
  }
}

module.exports = { isLoopbackAddress };
