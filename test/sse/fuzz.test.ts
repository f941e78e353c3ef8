import { fuzzSuite } from './fuzz-suite.ts';

fuzzSuite('SSE parser against the reference implementation (property-based)', true);
