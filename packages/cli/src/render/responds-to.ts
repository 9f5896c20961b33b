import type { ClaimTrace } from '@kb/projections';

/** Where the claim a response answers stands (projections' response-target.ts), as kb mission and kb trace have it. */
type ResponseTarget = NonNullable<ClaimTrace['respondsToTarget']>;

/**
 * The claim a response answers, and why it is not listed beside it when it is not, as `kb mission`
 * and `kb trace` both say it: `late-visit (not in the knowledge base)`, `visit (a claim about
 * xx-capital-embassy)`… `retractedWhere` says where a retracted one is shown instead (kb mission:
 * with the retracted accounts); without it the claim is said to be retracted, no more.
 */
export function respondsToText(t: ResponseTarget, retractedWhere?: string): string {
  const why = {
    listed: '',
    retracted: retractedWhere === undefined ? 'retracted' : `retracted: ${retractedWhere}`,
    'not-recorded': 'not in the knowledge base',
    'other-mission': `a claim about ${t.missionId}`,
    'not-published': `not known at ${t.day}: its report was not certainly published by then`,
    'not-happened': `not happened by ${t.day}`,
  }[t.state];
  return why === '' ? t.claimId : `${t.claimId} (${why})`;
}
