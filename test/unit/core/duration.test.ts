import { describe, expect, it } from 'vitest';
import { formatDuration, humanizeDuration, parseDuration } from '../../../src/core/duration.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    [' 2h ', 7_200_000],
    ['0h', null],
    ['2', null],
    ['2 h', null],
    ['1.5h', null],
    ['-1h', null],
    ['2H', null],
    ['1w', null],
    ['', null],
    ['9999999h', null],
  ])('%j -> %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
});

describe('formatDuration and humanizeDuration', () => {
  it.each([
    [30_000, '30s', '30s'],
    [5_400_000, '90m', '1h 30m'],
    [7_200_000, '2h', '2h'],
    [90_000_000, '25h', '1d 1h'],
  ])('%i ms', (ms, short, human) => {
    expect(formatDuration(ms)).toBe(short);
    expect(humanizeDuration(ms)).toBe(human);
  });
});
