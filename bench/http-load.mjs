// Load generator for the benchmarks, run as its own process so that it does not share the
// server's event loop: node bench/http-load.mjs BASE_URL PATHS_FILE SECONDS CONNECTIONS [HEADERS_JSON]
// Prints one JSON line: { requests_per_second, latency_p50_ms, latency_p99_ms, errors, non2xx }.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [base, pathsFile, seconds = '8', connections = '16', headersJson = '{}'] = process.argv.slice(2);
const paths = readFileSync(pathsFile, 'utf8').trim().split('\n');
let next = 0;
const result = await autocannon({
  url: base,
  connections: Number(connections),
  headers: JSON.parse(headersJson),
  duration: Number(seconds),
  requests: [
    {
      setupRequest: (request) => {
        request.path = paths[next++ % paths.length];
        return request;
      },
    },
  ],
});
console.log(
  JSON.stringify({
    requests_per_second: Math.round(result.requests.average),
    latency_p50_ms: result.latency.p50,
    latency_p99_ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  }),
);
