/** The Armenia-Azerbaijan peace treaty and border talks, after the Karabakh wars. */
import type { TopicDef } from '../../types.ts';

export const ARMENIA_AZERBAIJAN: TopicDef = {
  name: 'armenia-azerbaijan',
  description: 'the Armenia-Azerbaijan peace treaty and border delimitation talks',
  names: ['minsk group', 'karabakh peace|talks|settlement|conflict', 'trump route', 'crossroads of peace', 'south caucasus peace'],
  subjects: ['karabakh', 'nagorno-karabakh', 'nagorno karabakh', 'artsakh'],
  parties: [
    {
      name: 'Armenia',
      terms: ['armenia', '=armenian', '=armenians', 'yerevan', 'pashinyan', 'pashinian', 'mirzoyan', 'mher grigoryan'],
    },
    {
      name: 'Azerbaijan',
      terms: ['azerbaijan', '=azerbaijani', '=azerbaijanis', '=azeri', '=azeris', 'baku', 'aliyev', 'bayramov', 'hajizada', 'mustafayev', 'amirbayov'],
    },
  ],
  venues: ['abu dhabi', 'almaty', 'brussels', 'washington', 'white house', 'granada', 'prague', 'sochi'],
  mediators: [
    '=u.s.', 'united states', 'trump', 'blinken', 'vance', '=eu', 'european union', 'charles michel', '=osce',
    'russia', 'kremlin', 'lavrov', 'kazakhstan', 'france', 'macron', 'germany', 'scholz',
  ],
  process: ['normalization|normalisation', 'peace agenda', 'border', 'village', 'villages'],
  issues: [
    'delimitation', 'demarcation', 'border commission', 'border marker|markers|pillar', 'zangezur', 'tripp',
    'nakhchivan', 'nakhichevan', 'lachin', 'enclaves', 'constitution', 'four villages',
  ],
  unrelated: ['genocide recognition', 'cop29'],
};
