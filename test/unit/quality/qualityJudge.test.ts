import { describe, expect, it } from 'vitest';
import { judgeMessages, parseJudgeOutput } from '../../../src-main/core/quality/qualityJudge';

describe('the quality judge', () => {
  it('reads a valid verdict and refuses anything else with JUDGE_INVALID_OUTPUT', () => {
    expect(parseJudgeOutput('{"verdict": "blacklist", "reason": " off topic "}\n\n', 'chunk')).toEqual({ verdict: 'blacklist', reason: 'off topic' });
    expect(parseJudgeOutput('{"verdict": "reingest", "reason": "x"}', 'document').verdict).toBe('reingest');
    for (const [raw, kind] of [
      ['blacklist', 'chunk'],
      ['{"verdict": "delete", "reason": "x"}', 'chunk'],
      ['{"verdict": "blacklist"}', 'chunk'],
      ['{"verdict": "blacklist", "reason": "x"}', 'document'],
      ['', 'chunk'],
    ] as const) {
      expect(() => parseJudgeOutput(raw, kind), raw).toThrow(expect.objectContaining({ code: 'JUDGE_INVALID_OUTPUT' }));
    }
  });

  it('asks in the document language with the passage, its place and the evidence', () => {
    const messages = judgeMessages({
      kind: 'chunk',
      lang: 'fr',
      documentTitle: 'Rapport annuel',
      page: 12,
      text: 'Le budget a augmenté.',
      score: 0.12,
      votes: 4,
      evidence: [{ question: 'Quel est le budget ?', comment: 'hors sujet', rating: 1, thumbs: null }],
    });
    expect(messages[0].content).toMatch(/qualité/);
    expect(messages[1].content).toContain('Rapport annuel, page 12');
    expect(messages[1].content).toContain('Le budget a augmenté.');
    expect(messages[1].content).toContain('Quel est le budget ? (note 1/5 ; commentaire : hors sujet)');
    expect(messages[1].content).toContain('sur 4 votes');
  });
});
