/** The Gaza ceasefire and hostage talks between Israel and Hamas, mediated by Qatar, Egypt and the United States. */
import type { TopicDef } from '../../types.ts';

export const ISRAEL_HAMAS: TopicDef = {
  name: 'israel-hamas',
  description: 'the Gaza ceasefire and hostage talks, mediated by Qatar, Egypt and the United States',
  names: [
    'gaza ceasefire|truce|deal|talks|agreement|negotiations', 'gaza peace plan|deal|summit|agreement',
    'ceasefire|truce in gaza', 'hostage deal|talks|agreement|negotiations', 'hostage release deal|talks',
    'hostages-for-prisoners|ceasefire-for-hostages|hostage-ceasefire', 'hostage and ceasefire deal',
    'ceasefire and hostage deal|release|agreement',
  ],
  subjects: ['gaza', 'gaza strip', '=gazans'],
  parties: [
    {
      name: 'Israel',
      terms: ['israel', '=israeli', '=israelis', 'netanyahu', 'idf', 'israel defense forces', 'mossad', 'dermer', 'shin bet'],
    },
    {
      name: 'Hamas',
      terms: [
        'hamas', 'sinwar', 'hayya', 'haniyeh', 'qassam', 'abu obeida', 'islamic jihad', 'meshaal', 'abu marzouk',
        'palestinian militants|factions', 'palestinian militant group',
      ],
    },
  ],
  venues: ['doha', 'cairo', 'sharm el-sheikh', 'sharm el sheikh', 'sharm'],
  mediators: [
    'qatar', '=qatari', 'egypt', '=egyptian', 'sisi', '=u.s.', 'united states', 'washington', 'white house',
    'trump', 'biden', 'witkoff', 'kushner', 'blinken', 'rubio', 'turkey',
  ],
  process: ['aid trucks', 'humanitarian aid'],
  issues: [
    'hostages', 'palestinian prisoners', 'rafah crossing', 'philadelphi', 'netzarim', 'yellow line',
    'disarmament of hamas', 'hamas disarmament',
  ],
  unrelated: ['judicial overhaul', 'eurovision', 'hezbollah', 'lebanon', '=lebanese'],
};
