import { parseInfo, parseReplicaLine } from '../../../src/core/info.js';
import { fixture } from './brain-helpers.js';

describe('INFO parsing of recorded redis-server 7.0.15 replies', () => {
  test('master: run_id, role and its replica line', async () => {
    const info = parseInfo(await fixture('redis-7.0-master.txt'), true);
    expect(info.runId).toBe('dc22119948737ee6812f459f29ff9ff86d000e95');
    expect(info.role).toBe('master');
    expect(info.replicas).toEqual([{ ip: '127.0.0.1', port: 49371 }]);
    expect(info.masterLinkDownTime).toBe(0);
    expect(info.masterHost).toBeNull();
  });

  test('replica: role slave with master address, link status, priority, offset, announced', async () => {
    const info = parseInfo(await fixture('redis-7.0-replica.txt'), false);
    expect(info).toEqual({
      runId: 'f0a61a7e879a0f709179fa6cbddf5e65eac51998',
      replicas: [],
      masterLinkDownTime: 0,
      role: 'slave',
      masterHost: '127.0.0.1',
      masterPort: 35645,
      masterLinkUp: true,
      slavePriority: 42,
      slaveReplOffset: 50,
      replicaAnnounced: true,
      // Read for fencing (core/fencing.ts): the replication history this node is on.
      replId: '1daafc9f16b7919104b65fae7ee0d6c67f9b80f8',
      replId2: '0000000000000000000000000000000000000000',
    });
  });

  test('replica whose master went away: link down and master_link_down_since_seconds', async () => {
    const info = parseInfo(await fixture('redis-7.0-replica-link-down.txt'), false);
    expect(info.masterLinkUp).toBe(false);
    expect(info.masterLinkDownTime).toBe(1000);
    expect(info.slaveReplOffset).toBe(101);
  });

  test('slave lines are only read from masters', async () => {
    expect(parseInfo(await fixture('redis-7.0-master.txt'), false).replicas).toEqual([]);
  });
});

describe('replica lines', () => {
  test('new format with extra fields, old format, and bad lines', () => {
    expect(parseReplicaLine('slave0:ip=10.0.0.2,port=6380,state=online,offset=1,lag=0')).toEqual({
      ip: '10.0.0.2',
      port: 6380,
    });
    expect(parseReplicaLine('slave1:port=6381,ip=::1,state=wait_bgsave,offset=0,lag=1,future=x')).toEqual({
      ip: '::1',
      port: 6381,
    });
    expect(parseReplicaLine('slave0:10.0.0.3,6382,online')).toEqual({ ip: '10.0.0.3', port: 6382 });
    expect(parseReplicaLine('slave0:10.0.0.3,6382')).toBeNull();
    expect(parseReplicaLine('slave0:ip=10.0.0.3')).toBeNull();
    expect(parseReplicaLine('slave0:ip=10.0.0.3,port=abc')).toBeNull();
    expect(parseReplicaLine('slave0:ip=10.0.0.3,port=70000')).toBeNull();
    expect(parseReplicaLine('slave0:ip=,port=6379')).toBeNull();
  });

  test('Valkey 8 dual-channel: the rdb-channel line is not a replica', () => {
    expect(
      parseReplicaLine('slave0:ip=172.17.0.5,port=6380,state=wait_bgsave,offset=0,lag=0,type=rdb-channel'),
    ).toBeNull();
    expect(parseReplicaLine('slave1:ip=10.0.0.2,port=6380,state=online,offset=5,lag=0,type=replica')).toEqual(
      {
        ip: '10.0.0.2',
        port: 6380,
      },
    );
  });
});

describe('garbage', () => {
  test('never throws, yields nothing usable', () => {
    const samples = [
      '',
      '\r\n\r\n',
      'run_id:short',
      'slave',
      'slave0',
      'slave0:',
      'slave9:ip=,port=,',
      'role:',
      'master_link_down_since_seconds:',
      'master_link_down_since_seconds:xyz',
      ':::::',
      '\u0000\u0001binary\r\nrole:sla',
      'x'.repeat(100000),
    ];
    for (const text of samples) {
      const info = parseInfo(text, true);
      expect(info.role).toBeNull();
      expect(info.replicas).toEqual([]);
      expect(info.runId).toBeNull();
    }
    expect(parseInfo('master_link_down_since_seconds:-1\r\n', false).masterLinkDownTime).toBe(-1000);
    expect(parseInfo('master_link_down_since_seconds:xyz___\r\n', false).masterLinkDownTime).toBe(0);
  });

  test('replica fields before the role line are ignored, as Sentinel does', () => {
    const info = parseInfo('master_host:1.2.3.4\r\nrole:slave\r\nmaster_port:7000\r\n', false);
    expect(info.masterHost).toBeNull();
    expect(info.masterPort).toBe(7000);
  });

  test('bare LF line ends are tolerated', () => {
    expect(parseInfo('role:slave\nmaster_host:h\nslave_priority:0\n', false)).toMatchObject({
      role: 'slave',
      masterHost: 'h',
      slavePriority: 0,
    });
  });
});
