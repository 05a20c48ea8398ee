/**
 * The SENTINEL DEBUG periods the e2e tests run sentinels with (both kinds accept them): hellos
 * every 500 ms so discovery, config propagation and the convert-to-slave wait (4 ×
 * publish-period) are quick; INFO every second; peers asked every 250 ms.
 */
export const SHORT_SENTINEL_PERIODS: Readonly<Record<string, number>> = {
  'publish-period': 500,
  'info-period': 1000,
  'ask-period': 250,
};
