/** The Iran-US talks hosted in Islamabad, and the Iran-US nuclear talks before them (Muscat, Rome, Geneva, Vienna). */
import type { TopicDef } from '../../types.ts';

export const IRAN_US: TopicDef = {
  name: 'iran-us',
  description: 'the Iran-US talks hosted in Islamabad, with Pakistan mediating, and the nuclear talks before them',
  names: [
    'iran talks', 'iran nuclear talks|deal|accord|agreement|negotiations|summit|dispute|standoff|diplomacy', 'iran deal', 'nuclear deal with iran',
    'talks|negotiations|deal with iran|tehran', '=jcpoa', 'joint comprehensive plan of action', 'islamabad talks',
    'islamabad declaration', 'islamabad process', 'iran-us talks|deal|truce|ceasefire',
  ],
  parties: [
    {
      name: 'Iran',
      terms: [
        'iran', '=iranian', '=iranians', 'tehran', 'islamic republic', 'khamenei', 'araghchi', 'araqchi',
        'pezeshkian', 'revolutionary guards', 'irgc', 'ghalibaf', 'qalibaf', 'baghaei', 'baqaei', 'larijani',
        'zarif', 'bagheri kani', 'rouhani', 'raisi',
      ],
    },
    {
      name: 'the United States',
      terms: [
        '=u.s.', 'united states', 'america', '=american', '=americans', 'washington', 'white house',
        'state department', 'pentagon', 'trump', 'vance', 'witkoff', 'rubio', 'kushner', 'blinken', 'kerry',
        'malley', 'biden', 'obama',
      ],
    },
  ],
  venues: ['islamabad', 'muscat', 'geneva', 'rome', 'vienna', 'serena hotel'],
  mediators: [
    'pakistan', '=pakistani', '=pakistanis', 'munir', 'shehbaz sharif', 'ishaq dar', 'oman', '=omani',
    'busaidi', 'albusaidi', 'qatar', '=qatari', '=e3', 'european troika', 'world powers', 'six powers', '=eu',
    'european union',
  ],
  // Process words only this dispute uses; the shared ones (talks, round, envoy ...) are in common.ts.
  process: [
    'sanction', 'nuclear', 'inspector', 'stockpile', 'missile programme|program', 'frozen funds|assets',
    'blockade', 'maximum pressure',
  ],
  // Issues only this dispute is about: with one party they make an item relevant ("Iran offers to cap enrichment").
  issues: ['nuclear deal', 'nuclear talks|negotiations|file|dossier|inspectors|inspections', 'enrichment', 'enrich uranium', 'enriched uranium', 'uranium', 'centrifuge', 'iaea', 'hormuz', 'fordow', 'natanz'],
  unrelated: ['north korea', 'pyongyang', 'kim jong un', 'world cup', 'football', 'soccer', 'wrestling', 'trade talks|war|deal|dispute', 'tariff', 'tariffs'],
};
