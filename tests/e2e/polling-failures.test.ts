import { afterEach, describe, expect, it } from 'vitest';
import type { RunningProcess } from '../helpers/process';
import { createWorld, type World } from '../helpers/world';

let world: World | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function startBot(w: World): Promise<{ app: RunningProcess; base: string }> {
  const app = w.spawn(['--bot'], { PORT: '0' });
  const started = await app.waitForOutput(/silkwire started/, 20_000);
  await w.emulator.waitForPolling(20_000);
  return { app, base: (JSON.parse(started) as { url: string }).url };
}

async function healthStatus(base: string): Promise<{ status: number; body: { checks: { updates?: { state: string; error?: string } } } }> {
  const response = await fetch(`${base}/healthz`);
  return { status: response.status, body: (await response.json()) as { checks: { updates?: { state: string; error?: string } } } };
}

describe('polling failures', () => {
  it('a 409 Conflict is logged, reported by /healthz at once, and retried until polling works again', async () => {
    world = await createWorld('poll409');
    const { app, base } = await startBot(world);
    expect((await healthStatus(base)).status).toBe(200);
    world.emulator.failNext('getUpdates', { code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' }, 3);
    // The poll held open now returns this update; the next three polls get 409.
    await world.ask(301, '/help');
    await app.waitForOutput(/409|Conflict/, 10_000);
    let unhealthy: Awaited<ReturnType<typeof healthStatus>> | undefined;
    for (let i = 0; i < 50 && !unhealthy; i++) {
      const health = await healthStatus(base);
      if (health.status === 503) unhealthy = health;
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(unhealthy?.body.checks.updates?.state).toBe('error');
    expect(unhealthy?.body.checks.updates?.error).toMatch(/409|another instance/i);
    // After the conflicts the bot polls again and answers.
    const reply = await world.ask(302, '/help');
    expect(reply.text).toContain('/latest');
    expect((await healthStatus(base)).status).toBe(200);
    expect(app.child.exitCode).toBeNull();
  }, 60_000);

  it('a 401 Unauthorized is logged and ends the process with a non-zero code', async () => {
    world = await createWorld('poll401');
    const { app } = await startBot(world);
    world.emulator.failNext('getUpdates', { code: 401, description: 'Unauthorized' }, 5);
    world.emulator.sendText({ chatId: 303, text: '/help' });
    const code = await Promise.race([app.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 20_000))]);
    expect(code).not.toBe('still running');
    expect(code).not.toBe(0);
    expect(app.output()).toMatch(/401|Unauthorized/);
    expect(app.output()).not.toContain(world.emulator.token);
  }, 60_000);
});
