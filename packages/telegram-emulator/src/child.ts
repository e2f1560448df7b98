// The emulator in a process of its own, for benches: its HTTP and parsing work then never shares the bot's event loop.
// Start it with `fork('…/child.ts', ['--max-call-history=N'], { execArgv: ['--import', 'tsx'] })`. It answers on the IPC
// channel: first `{ type: 'ready', apiRoot, token }`, then one `{ type: 'done', id, result }` (or `{ type: 'failed', id,
// error }`) per request `{ id, op, args }`, where op is one of the control calls in OPS below. `stop` ends the process.
import { createBotApiEmulator, type AddChatInput, type SendTextInput } from './index';

/** A request from the parent: a control call on the emulator. */
interface ChildRequest {
  id: number;
  op: keyof typeof OPS;
  args?: unknown;
}

const historyArg = process.argv.find((arg) => arg.startsWith('--max-call-history='));
const emulator = createBotApiEmulator(historyArg ? { maxCallHistory: Number(historyArg.split('=')[1]) } : {});

const OPS = {
  /** Makes chats known to the emulator; answers how many. */
  addChats: (chats: AddChatInput[]) => chats.map((chat) => emulator.addChat(chat)).length,
  /** Users write texts to the bot, all in one go (queued for the bot's next getUpdates); answers how many. */
  sendTexts: (texts: SendTextInput[]) => texts.map((text) => emulator.sendText(text)).length,
  /** How many messages the bot has sent so far. */
  sentCount: () => emulator.sent().length,
  stats: () => emulator.stats(),
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
