import { baseConfigSchema } from '../config.js';
import { natsServers } from './nats-cluster.js';

describe('NATS cluster settings', () => {
  it("reads a cluster's servers from a comma-separated NATS_URL", () => {
    expect(natsServers('nats://127.0.0.1:4222')).toEqual(['nats://127.0.0.1:4222']);
    expect(natsServers(' nats://a:4222, nats://b:4222,,nats://c:4222 ')).toEqual([
      'nats://a:4222',
      'nats://b:4222',
      'nats://c:4222',
    ]);
    expect(() => natsServers(' , ')).toThrow('NATS_URL names no server');
  });

  it('keeps streams on one server unless NATS_REPLICAS says otherwise, at most five', () => {
    expect(baseConfigSchema.parse({}).NATS_REPLICAS).toBe(1);
    expect(baseConfigSchema.parse({ NATS_REPLICAS: '3' }).NATS_REPLICAS).toBe(3);
    expect(baseConfigSchema.safeParse({ NATS_REPLICAS: '0' }).success).toBe(false);
    expect(baseConfigSchema.safeParse({ NATS_REPLICAS: '6' }).success).toBe(false);
  });
});
