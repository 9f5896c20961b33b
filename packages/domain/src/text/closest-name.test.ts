import { describe, expect, it } from 'vitest';
import { closestName } from './closest-name.js';

describe('closestName', () => {
  const ids = [
    'diplomat-2023-03-khorog-visit',
    'diplomat-2023-03-khorog-denial',
    'diplomat-2023-03-khorog-informal-control',
    'eurasianet-2022-ashgabat-handover',
  ];

  it('finds a name one or two slips away: a dropped, a swapped, a wrong letter', () => {
    expect(closestName('diplomat-2023-03-khorog-denia', ids)).toBe('diplomat-2023-03-khorog-denial');
    expect(closestName('diplomat-2023-03-khorgo-visit', ids)).toBe('diplomat-2023-03-khorog-visit');
    expect(closestName('diplomat-2023-30-khorog-visjt', ids)).toBe('diplomat-2023-03-khorog-visit');
    expect(closestName('EURASIANET-2022-ASHGABAT-HANDOVER', ids)).toBe('eurasianet-2022-ashgabat-handover');
  });

  it('offers nothing three edits away, nor for short text two edits from everything', () => {
    expect(closestName('diplomat-2023-03-khorog-vxxxt', ids)).toBeNull();
    expect(closestName('xy', ['ab', 'xyz'])).toBe(null); // two letters allow no edit at all
    expect(closestName('quoet', ['quote', 'quota'])).toBe('quote');
  });

  it('finds a name one letter longer, as far as short text reaches', () => {
    // Four letters allow one edit: the letter "quot" lacks is that one.
    expect(closestName('quot', ['quote'])).toBe('quote');
  });

  it('prefers the nearer of two candidates, whatever their order', () => {
    expect(closestName('statment', ['statements', 'statement'])).toBe('statement');
    expect(closestName('statment', ['statement', 'statements'])).toBe('statement');
  });

  it('reads names from any iterable once', () => {
    let read = 0;
    function* names() {
      for (let i = 0; i < 50_000; i++) {
        read++;
        yield `claim-${String(i).padStart(6, '0')}`;
      }
    }
    expect(closestName('claim-04999', names())).toBe('claim-004999');
    expect(read).toBe(50_000);
  });
});
