// A bar whose text holds characters a terminal draws two columns wide (Chinese, an emoji) or none
// (a combining mark, a joiner) still fits its row by the columns it is drawn in, not by how many
// code points it holds, and a line cut to fit is cut between graphemes.
import { describe, expect, it } from 'vitest';
import { fakeTerminal } from '../testing/fake-terminal.js';
import { displayWidth } from './display-width.js';
import { frameOf, progressBar } from './progress.js';

const graphemes = (text: string) =>
  Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (s) => s.segment);

/** True when `frame`, less a closing "…", is `line` cut where one of its graphemes ends. */
function cutBetweenGraphemes(frame: string, line: string): boolean {
  const head = frame.endsWith('…') ? frame.slice(0, -1) : frame;
  const whole = graphemes(line);
  const kept = graphemes(head);
  return kept.every((g, i) => g === whole[i]);
}

const DETAILS = [
  '新华社 报道 喀布尔 大使馆 已由 塔利班 控制 的 消息 来源 说明',
  '👩🏽\u200d💻 🇹🇯 😀 ❤\ufe0f ✈\ufe0f 👩\u200d👩\u200d👧\u200d👦 missions read so far',
  'Jose\u0301 Marti\u0301 e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301 a\u0301\u0301\u0301\u0301\u0301 report',
  `${'😀🌍🎉'.repeat(12)} missions`,
  'ひらがな카타카나한국어ＡＢＣ１２３ 共同通信 연합뉴스 file-名前-ファイル.jsonl',
];

describe('a progress bar holding wide and zero-width text', () => {
  for (const columns of [80, 40, 24, 12, 3, 2])
    for (const detail of DETAILS)
      it(`fits ${columns} columns less one by display width: ${detail.slice(0, 12)}`, () => {
        for (const [done, total] of [
          [3, 10],
          [0, null],
        ] as const) {
          const frame = frameOf('ingest', done, total, detail, columns);
          expect(displayWidth(frame)).toBeLessThanOrEqual(Math.max(1, columns - 1));
          const shown = `ingest ${total === null ? '' : ' 30% '}${detail}`;
          if (frame.includes(detail)) continue;
          // Cut: the frame is the start of the line, ending between two of its graphemes.
          expect(cutBetweenGraphemes(frame, shown)).toBe(true);
        }
      });

  it('keeps a wide detail whole when its columns fit, graph included', () => {
    // 20 CJK characters take 40 columns: 75 in all with the label, a graph of 20 and the percentage.
    const detail = '新'.repeat(20);
    const frame = frameOf('ingest', 5, 10, detail, 80);
    expect(frame).toBe(`ingest [${'#'.repeat(10)}${'.'.repeat(10)}]  50% ${detail}`);
    expect(displayWidth(frame)).toBe(75);
    // On 60 columns the smallest graph (10) no longer fits beside them: the detail stays whole.
    expect(frameOf('ingest', 5, 10, detail, 60)).toBe(`ingest  50% ${detail}`);
  });

  it('cuts a wide detail by columns, dropping the graph first', () => {
    // On 40 columns, 39 of room: the graph no longer fits beside 30 wide characters.
    const frame = frameOf('ingest', 5, 10, '新'.repeat(30), 40);
    expect(frame).toBe(`ingest  50% ${'新'.repeat(13)}…`);
    expect(displayWidth(frame)).toBe(39);
  });

  it('counts a run of combining marks as the one column its letter takes', () => {
    const detail = `${'e\u0301'.repeat(30)} read`;
    // 35 columns (30 accented e, then " read"): the line fits 60 columns though it holds 77 code
    // points.
    const frame = frameOf('ingest', 5, 10, detail, 60);
    expect(frame).toContain(detail);
  });

  it('draws each frame on a terminal within its width, however wide the text', () => {
    const terminal = fakeTerminal(30);
    const bar = progressBar(terminal.stream, 'verify', terminal.now);
    for (const [i, detail] of DETAILS.entries()) {
      terminal.clock.now += 1_000;
      bar.update(i + 1, 10, detail);
    }
    bar.finish();
    const frames = terminal.frames();
    expect(frames.length).toBe(DETAILS.length);
    for (const frame of frames) expect(displayWidth(frame)).toBeLessThan(30);
  });
});
