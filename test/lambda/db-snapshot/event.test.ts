import { MalformedEventError, parseEvent } from '../../../lambda/db-snapshot/event';

describe('parseEvent', () => {
  it('accepts the two schedule inputs', () => {
    expect(parseEvent({ action: 'snapshot' })).toEqual({ action: 'snapshot' });
    expect(parseEvent({ action: 'copy', extra: 1 })).toEqual({ action: 'copy' });
  });

  it.each([
    [null],
    [undefined],
    ['snapshot'],
    [{}],
    [{ action: 'Snapshot' }],
    [{ action: 'delete' }],
    [[{ action: 'copy' }]],
    [{ action: 1 }],
  ])('rejects %p instead of guessing an action', (event) => {
    expect(() => parseEvent(event)).toThrow(MalformedEventError);
  });

  it('shows the bad event in the message', () => {
    expect(() => parseEvent({ action: 'delete' })).toThrow('got {"action":"delete"}');
  });
});
