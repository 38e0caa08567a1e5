/** Talks between the two Koreas, and the US-North Korea nuclear talks that run beside them. */
import type { TopicDef } from '../../types.ts';

export const KOREAN_PENINSULA: TopicDef = {
  name: 'korean-peninsula',
  description: 'inter-Korean talks and the US-North Korea denuclearisation talks',
  names: [
    'inter-korean', 'south and north korea', 'family reunion|reunions', 'separated|divided families', '=koreas', 'two koreas',
    'panmunjom|panmunjeom declaration', 'singapore summit', 'hanoi summit', 'trump-kim|kim-trump summit|meeting|talks',
    'north korea talks', 'denuclearisation|denuclearization talks', 'north and south korea', 'north south korea',
  ],
  subjects: ['korean peninsula', 'korean border', 'inter-korean border'],
  parties: [
    {
      name: 'North Korea',
      terms: [
        'north korea', 'north korean', 'n korea', '=n. korea', 'pyongyang', 'dprk', 'kim jong un', 'kim jong-un',
        'kim yo jong', 'kim yo-jong', 'kim yong chol', 'choe son hui', 'kcna', '=kim', 'the north', 'with north', 'with the north', 'to north',
      ],
    },
    {
      name: 'South Korea',
      terms: ['south korea', 'south korean', 's korea', '=s. korea', 'seoul', 'moon jae-in', 'moon jae in', 'yoon suk yeol', 'lee jae myung', 'blue house', '=rok', 'unification ministry', 'with the south', 'with south', 'the south'],
    },
    {
      name: 'the United States',
      terms: ['=u.s.', 'united states', 'washington', 'white house', 'trump', 'pompeo', 'biden', 'state department'],
    },
  ],
  venues: ['panmunjom', 'panmunjeom', 'demilitarized zone', 'demilitarised zone', '=dmz', 'kaesong', 'gaesong', 'singapore', 'hanoi', 'mount kumgang'],
  mediators: ['china', 'xi jinping', 'sweden'],
  process: ['communication line|lines|channel|channels', 'military talks'],
  issues: ['denuclearization', 'denuclearisation', 'liaison office', 'yongbyon', 'sohae', 'end-of-war declaration'],
  unrelated: ['tariff', 'tariffs', 'trade deal|talks|agreement|war', 'investment package', 'currency swap'],
};
