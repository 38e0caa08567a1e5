/** Talks to end Russia's war in Ukraine: direct rounds in Istanbul, US-brokered talks in Riyadh, Geneva and Abu Dhabi. */
import type { TopicDef } from '../../types.ts';

export const RUSSIA_UKRAINE: TopicDef = {
  name: 'russia-ukraine',
  description: 'talks to end the war in Ukraine, direct and US-brokered',
  names: [
    'ukraine|ukrainian peace talks|deal|plan|process|negotiations|framework|agreement|summit|proposal',
    'peace talks|deal|plan|framework|negotiations on|for ukraine', 'ukraine talks', 'ukraine deal',
    'istanbul talks|accords', 'minsk agreements|accords', 'black sea grain deal|initiative', 'grain deal',
    'energy truce', '28-point|19-point|20-point plan', 'war in ukraine * end|ending',
  ],
  parties: [
    {
      name: 'Russia',
      terms: [
        'russia', '=russian', '=russians', 'moscow', 'kremlin', 'putin', 'lavrov', 'peskov', 'medinsky',
        'ushakov', 'dmitriev', 'zakharova',
      ],
    },
    {
      name: 'Ukraine',
      terms: [
        'ukraine', '=ukrainian', '=ukrainians', 'kyiv', 'kiev', 'zelensky', 'zelenskyy', 'zelenskiy', 'umerov',
        'yermak', 'sybiha', 'kuleba', 'podolyak',
      ],
    },
  ],
  venues: ['istanbul', 'riyadh', 'jeddah', 'geneva', 'abu dhabi', 'alaska', 'anchorage', 'minsk', 'dolmabahce', 'ciragan'],
  mediators: [
    '=u.s.', 'united states', 'washington', 'white house', 'trump', 'witkoff', 'kushner', 'rubio', 'kellogg',
    'driscoll', 'turkey', 'turkiye', 'ankara', 'erdogan', 'fidan', 'saudi arabia', '=saudi', 'qatar', 'vatican',
  ],
  process: ['sanction', 'prisoners of war', 'pow', 'pows', 'bodies|remains|soldier|soldiers exchange'],
  issues: [
    'donbas', 'donbass', 'donetsk', 'luhansk', 'zaporizhzhia', 'kherson', 'crimea', 'territorial concessions',
    'nato membership', 'black sea', 'coalition of the willing', 'security guarantee|guarantees',
  ],
  unrelated: [
    'eurovision', 'champions league', 'accession talks|negotiations', 'membership talks|negotiations',
    'mineral|minerals|rare-earth|rare-earths deal|agreement|fund', 'diplomatic missions|functions|property', 'embassy|embassies', 'kuril',
  ],
};
