/**
 * The demo's story: five days of the Iran-US talks in Islamabad, as three outlets report them. Talks open, make
 * progress, hit a wave of stall news, and recover. Times are hours from the start of day 1 (a Monday, UTC).
 */
export interface ScenarioItem {
  /** which of the demo's feeds carries it */
  feed: 'wire' | 'regional' | 'markets';
  hour: number;
  title: string;
  summary?: string;
}

export const DEMO_START = '2026-04-06T00:00:00Z';
export const DEMO_DAYS = 5;

export const DEMO_FEEDS: Record<ScenarioItem['feed'], string> = {
  wire: 'Demo Wire',
  regional: 'Demo Regional Desk',
  markets: 'Demo Markets',
};

const d = (day: number, hour: number) => (day - 1) * 24 + hour;

export const SCENARIO: ScenarioItem[] = [
  // Day 1: the talks open
  { feed: 'wire', hour: d(1, 2), title: 'Iran and US delegations to meet in Islamabad on Tuesday, officials confirm' },
  { feed: 'regional', hour: d(1, 3), title: 'Explainer: what is on the table at the Iran-US talks in Islamabad' },
  { feed: 'markets', hour: d(1, 5), title: 'Oil edges higher as traders await news from Iran-US talks' },
  { feed: 'regional', hour: d(1, 9), title: 'Cricket: Pakistan name squad for home series in Islamabad' },
  // Day 2: first round, progress
  { feed: 'wire', hour: d(2, 7), title: 'Iranian and US negotiators hold direct talks in Islamabad for the first time since the war' },
  { feed: 'regional', hour: d(2, 8), title: 'Iranian and US negotiators hold direct talks in Islamabad for first time since war' },
  { feed: 'wire', hour: d(2, 14), title: 'Iran and US agree to reconvene in Islamabad after productive first day' },
  { feed: 'regional', hour: d(2, 16), title: 'US and Iran agree prisoner exchange and date for next meeting, Pakistani officials say' },
  { feed: 'markets', hour: d(2, 18), title: 'Oil slips as Iran-US talks in Islamabad make headway' },
  // Day 3: a wave of stall news within a few hours
  { feed: 'wire', hour: d(3, 6), title: 'Iran-US talks suspended after strike on Iranian-backed militia' },
  { feed: 'regional', hour: d(3, 7), title: 'Iran-US talks suspended after strike on Iran-backed militia' },
  { feed: 'wire', hour: d(3, 8), title: 'Washington accuses Tehran of stalling in Islamabad, threatens more sanctions' },
  { feed: 'regional', hour: d(3, 9), title: 'Iranian delegation leaves Islamabad without agreement' },
  { feed: 'wire', hour: d(3, 10), title: 'Iran calls US demands "unacceptable" as talks falter' },
  { feed: 'markets', hour: d(3, 11), title: 'Tanker rates jump as Iran-US talks break down in Islamabad' },
  // Day 4: the dust settles
  { feed: 'regional', hour: d(4, 6), title: 'Analysis: can Pakistan keep the Iran-US channel alive?' },
  { feed: 'wire', hour: d(4, 15), title: 'Pakistan says Iran and US have agreed to return to Islamabad talks next week' },
  // Day 5: recovery
  { feed: 'wire', hour: d(5, 5), title: 'Iran and US resume talks in Islamabad and narrow gaps on sanctions timetable' },
  { feed: 'regional', hour: d(5, 7), title: 'Iran and US agree framework for verification, Pakistani officials say' },
  { feed: 'markets', hour: d(5, 8), title: 'Shipping insurers cut war-risk premiums as Iran-US talks resume' },
];
