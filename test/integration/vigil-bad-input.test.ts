/**
 * Bad input against a running daemon: malformed RESP, huge lengths, garbage, unbalanced quotes
 * inline, unknown commands, wrong arity, bad SENTINEL SET values. Each byte sequence goes to a
 * real redis-sentinel and to the subject on fresh connections; the subject must answer the
 * same bytes and close (or keep) the connection the same way, while a bystander client
 * connected all along still gets PONG and the process stays up.
 *
 * `VIGIL_IT_SUBJECT=redis-sentinel` runs it on two real sentinels (the baseline).
 */
import * as net from 'node:net';
import { stopAll, pidExists, type ManagedProcess } from '../helpers/processes.js';
import { RespClient, encodeCommand, fieldsOf, parseFrame } from '../helpers/resp.js';
import { startDeployment, type Deployment } from '../helpers/topology.js';
import { StopWaiting, waitFor, withDeadline } from '../helpers/waitFor.js';
import { subjectKind } from './corpus/sentinel-commands.js';

const SUBJECT = subjectKind();

let d: Deployment;
let subject: ManagedProcess;
let reference: ManagedProcess;
let bystanders: Map<ManagedProcess, RespClient>;

/** What a connection got: every byte, and whether the server closed it. */
interface Outcome {
  bytes: string;
  closed: boolean;
}

/**
 * Local raw-socket helper (the RespClient parser would reject the server's reaction to a
 * broken stream as a whole): writes the chunks in order, then collects bytes until the server
 * closes the connection or `frames` complete RESP frames have arrived.
 */
async function exchange(
  port: number,
  chunks: readonly (string | Buffer)[],
  until: { frames: number } | 'close',
): Promise<Outcome> {
  const socket = net.connect({ port, host: '127.0.0.1' });
  let data = Buffer.alloc(0);
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    data = Buffer.concat([data, chunk]);
  });
  socket.on('error', () => undefined);
  const closedPromise = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  void closedPromise.then(() => (closed = true));
  try {
    await withDeadline(
      new Promise<void>((resolve) => socket.once('connect', () => resolve())),
      5000,
      `connect to ${port}`,
    );
    for (const chunk of chunks) {
      await new Promise<void>((resolve) => socket.write(chunk, () => resolve()));
    }
    if (until === 'close') {
      await withDeadline(
        closedPromise,
        5000,
        `port ${port} to close the connection; got ${JSON.stringify(data.toString())}`,
      );
    } else {
      await waitFor(
        () => {
          let offset = 0;
          let frames = 0;
          for (let f = parseFrame(data, offset); f; f = parseFrame(data, offset)) {
            frames++;
            offset = f.end;
          }
          if (closed && frames < until.frames)
            throw new StopWaiting(`closed after ${JSON.stringify(data.toString())}`);
          return frames >= until.frames;
        },
        {
          timeoutMs: 5000,
          intervalMs: 10,
          description: `${until.frames} frames from ${port}; got ${JSON.stringify(data.toString().slice(0, 300))}`,
        },
      );
    }
    return { bytes: data.toString(), closed };
  } finally {
    socket.destroy();
  }
}

/** The bystander of this sentinel, connected since beforeAll, still gets PONG; the process lives. */
async function expectStillServing(s: ManagedProcess): Promise<void> {
  const reply = await (bystanders.get(s) as RespClient).send('PING');
  expect(reply.raw.toString()).toBe('+PONG\r\n');
  expect(s.running).toBe(true);
  expect(pidExists(s.pid)).toBe(true);
}

beforeAll(async () => {
  d = await startDeployment({
    replicas: 0,
    sentinels: [{ kind: SUBJECT }, { kind: 'redis-sentinel' }],
    quorum: 2,
    waitForDiscovery: false,
  });
  [subject, reference] = d.sentinels as [ManagedProcess, ManagedProcess];
  bystanders = new Map();
  for (const s of d.sentinels) bystanders.set(s, await RespClient.connect(s.port));
}, 60_000);

afterAll(async () => {
  await stopAll();
});

interface ProtocolCase {
  name: string;
  chunks: (string | Buffer)[];
  /** redis-sentinel 7.0.15's exact answer (checked too, so the case describes Redis). */
  redis: string;
  closes: boolean;
}

const INVALID_MULTIBULK = '-ERR Protocol error: invalid multibulk length\r\n';
const INVALID_BULK = '-ERR Protocol error: invalid bulk length\r\n';
const UNBALANCED = '-ERR Protocol error: unbalanced quotes in request\r\n';

const protocolCases: ProtocolCase[] = [
  {
    name: 'huge multibulk length *99999999999',
    chunks: ['*99999999999\r\n'],
    redis: INVALID_MULTIBULK,
    closes: true,
  },
  { name: 'non-numeric multibulk length *abc', chunks: ['*abc\r\n'], redis: INVALID_MULTIBULK, closes: true },
  { name: 'negative bulk length $-5', chunks: ['*1\r\n$-5\r\n'], redis: INVALID_BULK, closes: true },
  { name: 'non-numeric bulk length $abc', chunks: ['*2\r\n$abc\r\n'], redis: INVALID_BULK, closes: true },
  { name: 'bulk length over 512 MB', chunks: ['*1\r\n$536870913\r\nabc'], redis: INVALID_BULK, closes: true },
  {
    name: 'no $ where a bulk is expected',
    chunks: ['*1\r\nxx\r\n'],
    redis: "-ERR Protocol error: expected '$', got 'x'\r\n",
    closes: true,
  },
  { name: 'unbalanced double quote inline', chunks: ['SET "foo bar\r\n'], redis: UNBALANCED, closes: true },
  { name: 'unbalanced single quote inline', chunks: ["PING 'x\r\n"], redis: UNBALANCED, closes: true },
  { name: 'a lone quote inline', chunks: ['"\r\n'], redis: UNBALANCED, closes: true },
  {
    name: 'inline request over 64 KB without a newline',
    chunks: ['x'.repeat(70_000)],
    redis: '-ERR Protocol error: too big inline request\r\n',
    closes: true,
  },
  {
    name: 'a NUL byte before the newline: the inline request waits until it is over 64 KB',
    chunks: [Buffer.from('PI\0NG\r\nPING\r\n'), 'x'.repeat(70_000)],
    redis: '-ERR Protocol error: too big inline request\r\n',
    closes: true,
  },
  {
    name: 'multibulk count line over 64 KB',
    chunks: [`*${'1'.repeat(70_000)}`],
    redis: '-ERR Protocol error: too big mbulk count string\r\n',
    closes: true,
  },
  {
    name: 'bulk count line over 64 KB',
    chunks: [`*1\r\n$${'1'.repeat(70_000)}`],
    redis: '-ERR Protocol error: too big bulk count string\r\n',
    closes: true,
  },
  {
    name: 'a good command, then garbage in the same write',
    chunks: ['*1\r\n$4\r\nPING\r\n*abc\r\n'],
    redis: `+PONG\r\n${INVALID_MULTIBULK}`,
    closes: true,
  },
  {
    name: 'inline garbage words',
    chunks: ['garbage here\r\n'],
    redis: "-ERR unknown command 'garbage', with args beginning with: 'here' \r\n",
    closes: false,
  },
  {
    name: 'an empty command name',
    chunks: ['*1\r\n$0\r\n\r\n'],
    redis: "-ERR unknown command '', with args beginning with: \r\n",
    closes: false,
  },
  {
    name: 'an empty SENTINEL subcommand',
    chunks: ['*2\r\n$8\r\nSENTINEL\r\n$0\r\n\r\n'],
    redis: "-ERR unknown subcommand ''. Try SENTINEL HELP.\r\n",
    closes: false,
  },
  {
    name: 'empty and null multibulks are skipped',
    chunks: ['*0\r\n*-1\r\nPING\r\n'],
    redis: '+PONG\r\n',
    closes: false,
  },
  { name: 'blank lines are skipped', chunks: ['\r\n\r\nPING\r\n'], redis: '+PONG\r\n', closes: false },
  { name: 'inline with a bare LF', chunks: ['PING\n'], redis: '+PONG\r\n', closes: false },
  {
    name: 'inline escapes in double quotes',
    chunks: ['PING "a\\x41"\r\n'],
    redis: '$2\r\naA\r\n',
    closes: false,
  },
  {
    name: 'a command split across writes',
    chunks: ['*1\r\n$4\r\nPI', 'NG\r\n'],
    redis: '+PONG\r\n',
    closes: false,
  },
];

describe(`malformed RESP against ${SUBJECT}`, () => {
  test.each(protocolCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const until = c.closes ? ('close' as const) : { frames: parseFrameCount(c.redis) };
    const expected = await exchange(reference.port, c.chunks, until);
    expect(expected).toEqual({ bytes: c.redis, closed: c.closes });
    const actual = await exchange(subject.port, c.chunks, until);
    expect(actual).toEqual(expected);
    await expectStillServing(subject);
  });

  test('a pipeline of 1000 PINGs and a 1 MB argument are answered in full, byte for byte', async () => {
    const pings = Buffer.concat(Array.from({ length: 1000 }, () => encodeCommand(['PING'])));
    const big = encodeCommand(['PING', 'v'.repeat(1024 * 1024)]);
    for (const s of [reference, subject]) {
      const out = await exchange(s.port, [pings, big], { frames: 1001 });
      expect(out.closed).toBe(false);
      expect(out.bytes).toBe(`${'+PONG\r\n'.repeat(1000)}$${1024 * 1024}\r\n${'v'.repeat(1024 * 1024)}\r\n`);
    }
    await expectStillServing(subject);
  });
});

describe(`incomplete input left hanging against ${SUBJECT}`, () => {
  /**
   * The server must wait for the rest without allocating what was announced and without
   * blocking anybody: the bystander gets PONG meanwhile, the hanging client gets nothing.
   */
  async function hanging(
    port: number,
    chunks: readonly (string | Buffer)[],
    s: ManagedProcess,
  ): Promise<void> {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let received = '';
    let closed = false;
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => (closed = true));
    try {
      await withDeadline(
        new Promise<void>((resolve) => socket.once('connect', () => resolve())),
        5000,
        'connect',
      );
      for (const chunk of chunks) await new Promise<void>((resolve) => socket.write(chunk, () => resolve()));
      await expectStillServing(s);
      // A second round trip after the writes were surely read: still nothing for the hanging one.
      await expectStillServing(s);
      expect({ received, closed }).toEqual({ received: '', closed: false });
    } finally {
      socket.destroy();
    }
  }

  const junk = Buffer.alloc(4 * 1024 * 1024, 'j');
  test.each([
    ['a 1M-element multibulk announced, nothing sent', ['*1048576\r\n']],
    ['an unterminated 512 MB bulk, 4 MB of it sent', ['*1\r\n$536870912\r\n', junk]],
    ['an inline request cut before its newline', ['PING']],
  ] as const)('%s', async (_name, chunks) => {
    await hanging(reference.port, chunks, reference);
    await hanging(subject.port, chunks, subject);
    await expectStillServing(subject);
  });
});

describe(`command errors against ${SUBJECT}`, () => {
  const M = 'mymaster';
  const commands: string[][] = [
    ['FOO', 'bar'],
    ['foo'],
    ['PING', 'a', 'b'],
    ['SENTINEL'],
    ['SENTINEL', 'NOSUCH'],
    ['SENTINEL', 'MASTER'],
    ['SENTINEL', 'SET', M, 'quorum'],
    ['SENTINEL', 'SET', M, 'quorum', '-1'],
    ['SENTINEL', 'SET', M, 'quorum', '99999999999999999999'],
    ['SENTINEL', 'SET', M, 'quorum', ' 2'],
    ['SENTINEL', 'SET', M, 'down-after-milliseconds', '1.5'],
    ['SENTINEL', 'SET', M, 'down-after-milliseconds', 'abc'],
    ['SENTINEL', 'SET', M, 'failover-timeout', '0'],
    ['SENTINEL', 'SET', M, 'parallel-syncs', '-3'],
    ['SENTINEL', 'SET', M, 'master-reboot-down-after-period', 'x'],
    ['SENTINEL', 'SET', M, 'nosuch-option', '1'],
    ['SENTINEL', 'SET', 'nosuch', 'quorum', '1'],
  ];

  test.each(commands.map((c) => [c.join(' '), c] as const))('%s', async (_name, args) => {
    const [expected, actual] = await Promise.all(
      [reference, subject].map(async (s) => {
        const client = await RespClient.connect(s.port);
        try {
          return (await client.request(args)).raw.toString();
        } finally {
          await client.close();
        }
      }),
    );
    expect(expected).toMatch(/^-ERR /);
    expect(actual).toBe(expected);
    await expectStillServing(subject);
  });

  test('after all of this the master is unchanged and the daemon still answers SENTINEL queries', async () => {
    const client = await RespClient.connect(subject.port);
    const reply = await client.send('SENTINEL', 'MASTER', M);
    expect(reply.value.kind).toBe('array');
    expect(fieldsOf(reply.value)).toMatchObject({ name: M, quorum: '2', 'down-after-milliseconds': '1000' });
    await client.close();
    await expectStillServing(subject);
  });
});

/** How many RESP frames a canned answer holds. */
function parseFrameCount(text: string): number {
  const buf = Buffer.from(text);
  let offset = 0;
  let frames = 0;
  for (let f = parseFrame(buf, offset); f; f = parseFrame(buf, offset)) {
    frames++;
    offset = f.end;
  }
  return frames;
}
