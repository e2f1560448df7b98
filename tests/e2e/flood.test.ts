import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import type { RunningProcess } from '../helpers/process';
import { createWorld, type World } from '../helpers/world';

let world: World;
let app: RunningProcess;

beforeAll(async () => {
  world = await createWorld('flood');
  app = world.spawn(['--bot'], { PORT: '0' });
  await app.waitForOutput(/silkwire started/, 20_000);
  await world.emulator.waitForPolling(20_000);
}, 60_000);

afterAll(async () => {
  await world?.close();
});

const FLOODER = 401;
const OTHER = 402;

describe('one person flooding the bot', () => {
  it('does not hold up another person, and gets one "slow down" instead of 150 replies', async () => {
    for (let i = 0; i < 150; i++) world.emulator.sendText({ chatId: FLOODER, text: '/help' });
    const reply = await world.ask(OTHER, '/help');
    expect(reply.text).toContain('/latest');
    const flooderSoFar = world.emulator.sent(FLOODER).length;
    // The other person's reply came while the flooder's own replies were still being sent.
    const slowDown = await world.emulator.waitFor((m) => m.chat.id === FLOODER && m.text === en.slowDown, 30_000);
    expect(slowDown).toBeDefined();
    expect(flooderSoFar).toBeLessThan(world.emulator.sent(FLOODER).length);
    // Wait until the flooder's chat falls quiet.
    let count = -1;
    while (count !== world.emulator.sent(FLOODER).length) {
      count = world.emulator.sent(FLOODER).length;
      await new Promise((resolve) => setTimeout(resolve, 2500));
    }
    const texts = world.emulator.sent(FLOODER).map((m) => m.text);
    expect(texts.filter((t) => t === en.slowDown)).toHaveLength(1);
    expect(texts.length).toBeLessThan(20);
    expect(texts.filter((t) => t.includes('/latest')).length).toBeGreaterThan(0);
    // The flooder may write again once they slow down (after the bucket refills).
  }, 90_000);
});
