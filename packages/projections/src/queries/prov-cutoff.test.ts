// A PROV document of a trace says which moment of the log it shows: a trace cut at a recorded
// cutoff names the cutoff and counts what it leaves out, so it is not read as a full trace.
import { describe, expect, it } from 'vitest';
import { traceClaim } from './claim-trace.js';
import { claim, events, view } from './claim-trace-fixture.js';
import { toProvJson } from './prov-json.js';
import { qname } from './prov-terms.js';
import { traceCutoff } from './trace-cutoff.js';

// The moment the claim was recorded: everything said of it after is cut.
const recordedAt = events.find((e) => e.event === claim)!.envelope.recordedAt;

describe('toProvJson and the moment a trace shows', () => {
  it('names the cutoff and counts, by kind, what the log recorded about the claim after it', () => {
    const query = { recordedAt };
    const doc = toProvJson(traceClaim(view, 'visit', query)!, {
      recordedAt,
      recordedBy: recordedAt,
      notShown: traceCutoff(view, 'visit', query),
    });
    expect(doc.entity['kb:trace/visit']).toEqual({
      'prov:type': qname('kb:Trace'),
      'prov:label': `Replayed to: as the knowledge base stood at ${recordedAt}`,
      'kb:claim': qname('kb:claim/visit'),
      'kb:recordedAt': recordedAt,
      'kb:recordedBy': { $: recordedAt, type: 'xsd:dateTime' },
      'kb:notShown': 7,
      'kb:notShownRetractions': 1,
      'kb:notShownCorrections': 1,
      'kb:notShownAssessments': 1,
      'kb:notShownReportRevisions': 1,
      'kb:notShownGrades': 1,
      'kb:notShownResponses': 2,
      'kb:notShownResponseRetractions': 0,
      'kb:notShownResponseCorrections': 0,
    });
  });

  it('says a trace without a cutoff shows everything recorded so far', () => {
    const doc = toProvJson(traceClaim(view, 'visit')!, {
      recordedAt: null,
      recordedBy: null,
      notShown: null,
    });
    expect(doc.entity['kb:trace/visit']).toEqual({
      'prov:type': qname('kb:Trace'),
      'prov:label': 'Replayed to: everything recorded so far',
      'kb:claim': qname('kb:claim/visit'),
    });
  });
});
