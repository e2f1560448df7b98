// The emulator in a process of its own, for benches: its HTTP and parsing work then never shares the bot's event loop,
// and it stamps each call when it arrives, as Telegram does, however busy the sender's process is.
// Start it with `fork('…/child.ts', ['--max-call-history=N', '--rate-limits', '--latency=50-100'], { execArgv: ['--import', 'tsx'] })`
// (limits and latency optional, off by default). It answers on the IPC
// channel: first `{ type: 'ready', apiRoot, token }`, then one `{ type: 'done', id, result }` (or `{ type: 'failed', id,
// error }`) per request `{ id, op, args }`, where op is one of the control calls in OPS below. `stop` ends the process.
import { createBotApiEmulator, type AddChatInput, type SendTextInput } from './index';

/** A request from the parent: a control call on the emulator. */
interface ChildRequest {
  id: number;
  op: keyof typeof OPS;
  args?: unknown;
}

const argValue = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
const history = argValue('max-call-history');
const latency = argValue('latency')?.split('-').map(Number);
const emulator = createBotApiEmulator({
  ...(history ? { maxCallHistory: Number(history) } : {}),
  rateLimits: process.argv.includes('--rate-limits'),
  ...(latency ? { latencyMs: { min: latency[0]!, max: latency[1] ?? latency[0]! } } : {}),
});
/** Every message accepted, in order: [chat id, epoch ms at acceptance]. */
const arrivals: Array<[number, number]> = [];
emulator.on('message', (message) => void arrivals.push([message.chat.id, Date.now()]));

const OPS = {
  /** Makes chats known to the emulator; answers how many. */
  addChats: (chats: AddChatInput[]) => chats.map((chat) => emulator.addChat(chat)).length,
  /** Users write texts to the bot, all in one go (queued for the bot's next getUpdates); answers how many. */
  sendTexts: (texts: SendTextInput[]) => texts.map((text) => emulator.sendText(text)).length,
  /** How many messages the bot has sent so far. */
  sentCount: () => emulator.sent().length,
  stats: () => emulator.stats(),
  /** The messages accepted since the `from`-th: [chat id, epoch ms] each (poll with the count already had). */
  arrivals: (from: number) => arrivals.slice(from),
  /** When each successful call of a method arrived, epoch ms. */
  callTimes: (method: string) => emulator.calls(method).flatMap((call) => (call.ok ? [call.time] : [])),
  stop: async () => {
    await emulator.stop();
    setImmediate(() => process.exit(0));
    return true;
  },
} as const;

function reply(message: unknown): void {
  process.send?.(message);
}

process.on('message', (request: ChildRequest) => {
  const op = OPS[request.op] as ((args: unknown) => unknown) | undefined;
  if (!op) return reply({ type: 'failed', id: request.id, error: `unknown op ${String(request.op)}` });
  Promise.resolve()
    .then(() => op(request.args))
    .then(
      (result) => reply({ type: 'done', id: request.id, result }),
      (error: unknown) => reply({ type: 'failed', id: request.id, error: error instanceof Error ? error.message : String(error) }),
    );
});
// The parent went away: nothing is left to serve.
process.on('disconnect', () => process.exit(0));

emulator.start(0, '127.0.0.1').then(
  ({ apiRoot }) => reply({ type: 'ready', apiRoot, token: emulator.token }),
  (error: unknown) => {
    console.error('emulator failed to start:', error);
    process.exit(1);
  },
);
