import * as fs from 'node:fs';
import { startRedisServer } from './processes.js';
test('leak', async () => {
  const r = await startRedisServer();
  fs.writeFileSync('/tmp/probe/leaked-pid', String(r.pid));
});
