/**
 * Placeholder until the rule-table classifier lands: every item relevant and neutral. Swapped for the real one in
 * one place.
 */
import type { Classifier } from '../core/ports.ts';
import type { Config } from './config.ts';

export interface LoadedClassifier {
  classifier: Classifier;
  topics: string[];
}

export function loadClassifier(_config: Config): LoadedClassifier {
  return {
    classifier: { classify: () => ({ relevant: true, label: 'neutral', score: 0, rules: [] }) },
    topics: ['iran-us'],
  };
}
