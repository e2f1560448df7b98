import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../helpers/world';

let world: World | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('shutdown', () => {
  it('SIGTERM while replies are in flight: every reply is sent and the process exits 0', async () => {
    world = await createWorld('sigterm');
    const app = world.spawn(['--bot'], { PORT: '0' });
    await app.waitForOutput(/silkwire started/, 20_000);
    await world.emulator.waitForPolling(20_000);
    // Three commands from one chat: the replies go out one per second (the chat's limit), so two are in flight.
    for (let i = 0; i < 3; i++) world.emulator.sendText({ chatId: 501, text: '/help' });
    await world.emulator.waitFor((m) => m.chat.id === 501 && m.outgoing, 10_000);
    expect(await app.stop('SIGTERM')).toBe(0);
    expect(world.emulator.sent(501).filter((m) => m.text.includes('/latest'))).toHaveLength(3);
    // Telegram is told the updates were handled, so a restart does not answer them again.
    expect(world.emulator.pendingUpdates()).toHaveLength(0);
  }, 60_000);
});
