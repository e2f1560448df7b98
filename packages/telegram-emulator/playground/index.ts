// The playground's public surface: the entry that runs emulator, product and page together, and the router alone.
export { startPlayground } from './start-playground';
export type { EmulatedTelegram, PlaygroundApp, RunningPlayground, StartPlaygroundOptions } from './start-playground';
export { createPlaygroundRouter } from './playground-router';
export type { PlaygroundButton, PlaygroundDeps, PlaygroundDocument, PlaygroundMessage, PlaygroundPerson } from './playground-router';
export type { PlaygroundLogger } from './logger';
