import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger';

describe('createLogger', () => {
  it('never writes the token, plain or URL-encoded, in messages, fields or errors', () => {
    const token = '987654:SECRETsecretSECRETsecret_xyz';
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', secrets: [token], destination: { write: (line) => lines.push(line) } });
    logger.info({ url: `https://api.telegram.org/bot${token}/getMe` }, `calling ${token}`);
    logger.error({ err: new Error(`request to https://x/bot${encodeURIComponent(token)}/getUpdates failed`) }, 'boom');
    expect(lines).toHaveLength(2);
    const all = lines.join('');
    expect(all).not.toContain('SECRETsecret');
    expect(all).toContain('[redacted]');
  });
});
