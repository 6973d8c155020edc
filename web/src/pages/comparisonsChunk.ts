// What ComparisonsLoader imports dynamically: the two Comparisons pages, one chunk.
export { ComparisonsPage } from './ComparisonsPage';
export { ComparisonPage } from './ComparisonPage';
