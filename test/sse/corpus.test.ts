import { corpusSuite } from './corpus-suite.ts';

corpusSuite('SSE corpus (test/fixtures/sse)', true);
